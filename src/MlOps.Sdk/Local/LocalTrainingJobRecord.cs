using MlOps.Sdk.SageMaker;

namespace MlOps.Sdk.Local;

/// <summary>A training job as the local state database stores it: what DescribeTrainingJob answers, plus where it runs.</summary>
internal sealed record LocalTrainingJobRecord
{
    public required DescribeTrainingJobResponse Description { get; init; }

    /// <summary>The job's folder: one folder per host, each with its <c>/opt/ml</c> tree, its log and its supervisor's files.</summary>
    public required string JobDirectory { get; init; }

    /// <summary>The cluster, <c>algo-1</c> first; one host per instance of <c>ResourceConfig.InstanceCount</c>.</summary>
    public required IReadOnlyList<LocalTrainingHost> Hosts { get; init; }

    /// <summary>When the supervisors were started; null while channels are staged.</summary>
    public DateTimeOffset? LaunchedAt { get; init; }

    /// <summary>When StopTrainingJob was called; null unless it was.</summary>
    public DateTimeOffset? StopRequestedAt { get; init; }

    public bool StopRequested => StopRequestedAt is not null;

    /// <summary>When a host's failure made the job end the other hosts, and which host it was; null until then.</summary>
    public LocalTrainingHostFailure? HostFailure { get; init; }

    /// <summary>The managed warm pool of this job's cluster; null when the job neither asked for a keep-alive nor reused a pool.</summary>
    public LocalWarmPool? WarmPool { get; init; }

    public bool IsFinal => Description.TrainingJobStatus is TrainingJobStatus.Completed or TrainingJobStatus.Failed or TrainingJobStatus.Stopped;

    /// <summary>The host whose <c>/opt/ml/model</c> becomes the job's model.</summary>
    public LocalTrainingHost Leader => Hosts[0];
}
