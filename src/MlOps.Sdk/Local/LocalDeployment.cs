namespace MlOps.Sdk.Local;

/// <summary>The processes started for one endpoint configuration (a fleet, in SageMaker's words).</summary>
internal sealed record LocalDeployment
{
    public required string Id { get; init; }

    public required string EndpointConfigName { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>How long the fleet has to pass its first ping health check.</summary>
    public required int HealthCheckTimeoutSeconds { get; init; }

    public required IReadOnlyList<LocalEndpointInstance> Instances { get; init; }
}
