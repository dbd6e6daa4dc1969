using MlOps.Sdk.Waiting;

namespace MlOps.Sdk.Training;

/// <summary>Settings of <see cref="TrainingClient"/>, bound from the configuration section <c>MlOps:Training</c>.</summary>
public sealed class TrainingOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "MlOps:Training";

    /// <summary>How to poll a training job until it ends. Defaults to botocore's <c>TrainingJobCompletedOrStopped</c> (120 s × 180); local mode polls every 100 ms.</summary>
    public WaiterOptions CompletionWaiter { get; set; } = WaiterDefaults.TrainingJobCompleted(MlOpsMode.Aws);

    /// <summary>How often <see cref="TrainingClient.FollowLogsAsync"/> reads new log lines. 5 s by default; local mode reads every 100 ms.</summary>
    public TimeSpan LogPollInterval { get; set; } = TimeSpan.FromSeconds(5);
}
