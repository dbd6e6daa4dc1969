using MlOps.Sdk.SageMaker;

namespace MlOps.Sdk.Local;

/// <summary>A training job as the local state database stores it: what DescribeTrainingJob answers, plus where it runs.</summary>
internal sealed record LocalTrainingJobRecord
{
    public required DescribeTrainingJobResponse Description { get; init; }

    /// <summary>The job's folder: the <c>/opt/ml</c> tree, the logs and the supervisor's files.</summary>
    public required string JobDirectory { get; init; }

    /// <summary>When the supervisor was started; null while channels are staged.</summary>
    public DateTimeOffset? LaunchedAt { get; init; }

    public bool StopRequested { get; init; }

    public bool IsFinal => Description.TrainingJobStatus is TrainingJobStatus.Completed or TrainingJobStatus.Failed or TrainingJobStatus.Stopped;
}
