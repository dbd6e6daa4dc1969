namespace MlOps.Sdk.Endpoints;

/// <summary>The outcome of deploying, testing and, when the tests failed, rolling back an endpoint.</summary>
public sealed record VerifiedDeployment
{
    /// <summary>The endpoint as it is now (after a rollback, on the previous config).</summary>
    public required DeployedEndpoint Endpoint { get; init; }

    /// <summary>The config that was deployed and tested.</summary>
    public required string DeployedEndpointConfigName { get; init; }

    /// <summary>The tests run on the deployed config.</summary>
    public required EndpointTestReport TestReport { get; init; }

    /// <summary>Whether the endpoint was rolled back because the tests failed.</summary>
    public bool RolledBack { get; init; }

    /// <summary>The config rolled back to, when it was.</summary>
    public string? RolledBackToEndpointConfigName { get; init; }

    /// <summary>Whether the deployed config passed its tests and stays in service.</summary>
    public bool Succeeded => TestReport.Passed && !RolledBack;
}
