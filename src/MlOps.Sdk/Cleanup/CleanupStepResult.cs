namespace MlOps.Sdk.Cleanup;

/// <summary>The outcome of one planned deletion.</summary>
/// <param name="Action">The deletion.</param>
/// <param name="Outcome">What happened.</param>
/// <param name="Message">The error, when it failed.</param>
public sealed record CleanupStepResult(CleanupAction Action, CleanupOutcome Outcome, string? Message = null);
