namespace MlOps.Sdk.SageMaker;

/// <summary>
/// Reads a training job's log: CloudWatch Logs group <c>/aws/sagemaker/TrainingJobs</c> on AWS, the job's captured
/// stdout and stderr in local mode.
/// </summary>
public interface ITrainingLogClient
{
    /// <summary>Reads a training job's log events in time order, from <paramref name="startTime"/> on.</summary>
    /// <param name="trainingJobName">The job.</param>
    /// <param name="startTime">The first instant wanted, or <see langword="null"/> for the whole log.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The events available now; call again later for more.</returns>
    IAsyncEnumerable<TrainingLogEvent> GetTrainingJobLogEventsAsync(string trainingJobName, DateTimeOffset? startTime = null, CancellationToken cancellationToken = default);
}
