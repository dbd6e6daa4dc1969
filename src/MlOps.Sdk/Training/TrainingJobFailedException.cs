using MlOps.Sdk.SageMaker;

namespace MlOps.Sdk.Training;

/// <summary>A training job ended without completing: it failed, or it was stopped.</summary>
public sealed class TrainingJobFailedException : MlOpsException
{
    /// <summary>The error code of a job that ended <c>Failed</c>.</summary>
    public const string FailedErrorCode = "TrainingJobFailed";

    /// <summary>The error code of a job that ended <c>Stopped</c>.</summary>
    public const string StoppedErrorCode = "TrainingJobStopped";

    /// <summary>Creates the exception from the job's final state.</summary>
    /// <param name="job">The job, as last described.</param>
    public TrainingJobFailedException(TrainingJob job)
        : base(
            $"Training job '{job?.Name}' ended {job?.Status}: {job?.FailureReason ?? "no reason given"}",
            job?.Status == TrainingJobStatus.Stopped ? StoppedErrorCode : FailedErrorCode,
            resourceName: job?.Name)
    {
        ArgumentNullException.ThrowIfNull(job);
        Job = job;
    }

    /// <summary>The job, as last described.</summary>
    public TrainingJob Job { get; }

    /// <summary>SageMaker's reason (the text of <c>/opt/ml/output/failure</c> when the trainer wrote one).</summary>
    public string? FailureReason => Job.FailureReason;
}
