namespace MlOps.Sdk.Cleanup;

/// <summary>The outcome of a cleanup run: the plan and what happened to each of its steps.</summary>
public sealed record CleanupReport
{
    /// <summary>The plan that ran.</summary>
    public required CleanupPlan Plan { get; init; }

    /// <summary>Whether nothing was deleted on purpose (a dry run).</summary>
    public required bool DryRun { get; init; }

    /// <summary>Each step's outcome, in order.</summary>
    public IReadOnlyList<CleanupStepResult> Steps { get; init; } = [];

    /// <summary>Whether every step succeeded (deleted, already gone, or skipped in a dry run).</summary>
    public bool Succeeded => Steps.All(s => s.Outcome != CleanupOutcome.Failed);
}
