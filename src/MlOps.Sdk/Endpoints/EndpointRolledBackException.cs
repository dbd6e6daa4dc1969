namespace MlOps.Sdk.Endpoints;

/// <summary>
/// An endpoint came back in service on another config than the one deployed: SageMaker rolled the update back
/// (an auto-rollback alarm, or a failed new fleet), or it was rolled back on purpose after failed tests.
/// </summary>
public sealed class EndpointRolledBackException : MlOpsException
{
    /// <summary>The error code of this exception.</summary>
    public const string RolledBackErrorCode = "EndpointRolledBack";

    /// <summary>Creates the exception.</summary>
    /// <param name="endpointName">The endpoint.</param>
    /// <param name="expectedEndpointConfigName">The config that was deployed.</param>
    /// <param name="actualEndpointConfigName">The config the endpoint serves.</param>
    /// <param name="failureReason">SageMaker's reason, when it gave one.</param>
    public EndpointRolledBackException(string endpointName, string expectedEndpointConfigName, string? actualEndpointConfigName, string? failureReason)
        : base(
            $"Endpoint '{endpointName}' is in service on config '{actualEndpointConfigName}', not on the deployed '{expectedEndpointConfigName}': the update was rolled back. {failureReason}".TrimEnd(),
            RolledBackErrorCode,
            resourceName: endpointName)
    {
        ExpectedEndpointConfigName = expectedEndpointConfigName;
        ActualEndpointConfigName = actualEndpointConfigName;
        FailureReason = failureReason;
    }

    /// <summary>The config that was deployed.</summary>
    public string ExpectedEndpointConfigName { get; }

    /// <summary>The config the endpoint serves.</summary>
    public string? ActualEndpointConfigName { get; }

    /// <summary>SageMaker's reason, when it gave one.</summary>
    public string? FailureReason { get; }
}
