using MlOps.Sdk.SageMaker;

namespace MlOps.Sdk.Training;

/// <summary>A step of a training job, reported while waiting: each secondary status transition, with billable time.</summary>
/// <param name="TrainingJobName">The job.</param>
/// <param name="Status">Its primary status.</param>
/// <param name="SecondaryStatus">Its secondary status (<c>Starting</c>, <c>Downloading</c>, <c>Training</c>, <c>Uploading</c>...).</param>
/// <param name="StatusMessage">SageMaker's message for the secondary status, if any.</param>
/// <param name="BillableTime">Billable time so far, when SageMaker reports it.</param>
/// <param name="Elapsed">Time since the wait started, on the client's clock.</param>
public sealed record TrainingJobProgress(
    string TrainingJobName,
    TrainingJobStatus Status,
    SecondaryStatus SecondaryStatus,
    string? StatusMessage,
    TimeSpan? BillableTime,
    TimeSpan Elapsed);
