using MlOps.Sdk.SageMaker;

namespace MlOps.Sdk.Local;

/// <summary>An endpoint as stored locally: what DescribeEndpoint answers, the fleet serving it, the fleet replacing it, and fleets draining.</summary>
internal sealed record LocalEndpointRecord
{
    public required DescribeEndpointResponse Description { get; init; }

    /// <summary>The fleet taking traffic (null while the first one starts).</summary>
    public LocalDeployment? Current { get; init; }

    /// <summary>The fleet an UpdateEndpoint is bringing up (blue/green: it takes traffic once healthy).</summary>
    public LocalDeployment? Pending { get; init; }

    /// <summary>The configuration an update in progress moves to.</summary>
    public string? PendingConfigName { get; init; }

    /// <summary>
    /// The process launching the fleet that Creating or Updating waits for (<see cref="LocalProcesses.CurrentIdentity"/>):
    /// when it has ended before recording that fleet, any reader ends the launch at once instead of after LaunchTimeout.
    /// </summary>
    public string? Launcher { get; init; }

    /// <summary>The baking period of an update whose new fleet took the traffic, with the old fleet kept for a rollback; null otherwise.</summary>
    public LocalBaking? Baking { get; init; }

    /// <summary>A change of the serving fleet's instance counts in progress (the endpoint is Updating); null otherwise.</summary>
    public LocalScaling? Scaling { get; init; }

    /// <summary>Instances of replaced or failed fleets that are being stopped.</summary>
    public IReadOnlyList<LocalEndpointInstance> Retiring { get; init; } = [];
}
