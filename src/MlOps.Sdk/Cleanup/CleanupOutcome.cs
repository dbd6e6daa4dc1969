namespace MlOps.Sdk.Cleanup;

/// <summary>What happened to one planned deletion.</summary>
public enum CleanupOutcome
{
    /// <summary>Not attempted: the run was a dry run.</summary>
    Skipped,

    /// <summary>Deleted.</summary>
    Deleted,

    /// <summary>Already gone, which counts as done.</summary>
    AlreadyGone,

    /// <summary>The deletion failed; see the message.</summary>
    Failed,
}
