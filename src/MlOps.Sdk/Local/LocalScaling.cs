namespace MlOps.Sdk.Local;

/// <summary>
/// A change of variants' DesiredInstanceCount in progress (UpdateEndpointWeightsAndCapacities, or Application Auto
/// Scaling bringing a count into a target's range): the endpoint is Updating on its serving fleet while the instances in
/// <see cref="Added"/> start and those in <see cref="Stopping"/> stop; it is InService again once every added instance
/// has passed /ping and every stopped one has exited.
/// </summary>
internal sealed record LocalScaling
{
    /// <summary>Tells this change from a later one, so a late writer never records its servers into another.</summary>
    public required string Id { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>False until the process that asked for the change has recorded the servers it started.</summary>
    public bool Launched { get; init; }

    /// <summary>The folders of the instances started for the change (they take no traffic until their first ping passes).</summary>
    public IReadOnlyList<string> Added { get; init; } = [];

    /// <summary>The folders of the surplus instances taken out of the traffic and being stopped.</summary>
    public IReadOnlyList<string> Stopping { get; init; } = [];
}
