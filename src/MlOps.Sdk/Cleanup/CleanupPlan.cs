namespace MlOps.Sdk.Cleanup;

/// <summary>What a cleanup would delete, and what it keeps on purpose.</summary>
public sealed record CleanupPlan
{
    /// <summary>The policy the plan follows.</summary>
    public required CleanupPolicy Policy { get; init; }

    /// <summary>When the plan was made.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Resources last changed before this instant are old enough to go.</summary>
    public required DateTimeOffset Cutoff { get; init; }

    /// <summary>The deletions, in the order they run: endpoints, configs, models, model packages, releases.</summary>
    public IReadOnlyList<CleanupAction> Actions { get; init; } = [];

    /// <summary>Resources that matched but are kept, with the reason.</summary>
    public IReadOnlyList<ProtectedResource> Protected { get; init; } = [];
}
