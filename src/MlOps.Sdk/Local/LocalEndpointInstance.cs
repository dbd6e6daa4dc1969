namespace MlOps.Sdk.Local;

/// <summary>
/// One model server process of an endpoint (an instance, in SageMaker's words): a production variant runs
/// <c>InitialInstanceCount</c> of them, each with its folder and loopback port, all serving the variant's one model copy.
/// </summary>
internal sealed record LocalEndpointInstance
{
    public required string VariantName { get; init; }

    /// <summary>The instance folder: <c>model/</c>, <c>server.log</c> and the supervisor's pid and exit-code files.</summary>
    public required string Directory { get; init; }

    public required int Port { get; init; }

    public double Weight { get; init; } = 1;

    public int DesiredInstanceCount { get; init; } = 1;

    /// <summary>
    /// For an instance started in place of one that died or stopped answering /ping: when it was started. It takes no
    /// traffic until its first ping passes, which clears this.
    /// </summary>
    public DateTimeOffset? ReplacingSince { get; init; }

    /// <summary>For a retired instance, when it gets SIGTERM (the blue/green policy's TerminationWaitInSeconds after the switch).</summary>
    public DateTimeOffset? RetireAt { get; init; }

    /// <summary>For a retired instance, when it was sent SIGTERM.</summary>
    public DateTimeOffset? TerminatedAt { get; init; }

    /// <summary>
    /// For an instance that no fleet recorded, retired when an abandoned launch was ended (see
    /// <c>LocalEndpoints.AdoptOrphans</c>): it was never one of its fleet's instances, so its folder is deleted once it
    /// has exited even while the rest of its deployment serves.
    /// </summary>
    public bool Orphan { get; init; }
}
