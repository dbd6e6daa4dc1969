namespace MlOps.Sdk.Stages;

/// <summary>The exit codes of stage scripts, so CI and the main job can tell a failed check from bad input.</summary>
public static class StageExitCode
{
    /// <summary>The stage did its work.</summary>
    public const int Success = 0;

    /// <summary>The stage ran and its work failed: a training job failed, an endpoint test failed, a call was refused.</summary>
    public const int Failed = 1;

    /// <summary>Input broke a rule; nothing was called.</summary>
    public const int InvalidInput = 2;

    /// <summary>The stage was cancelled (Ctrl+C, SIGTERM), as shells report SIGINT.</summary>
    public const int Cancelled = 130;
}
