using MlOps.Sdk.SageMaker;

namespace MlOps.Sdk.Training;

/// <summary>A training job as last described: status, timings, final metrics and, once completed, the model artifact.</summary>
public sealed record TrainingJob
{
    /// <summary>The job name.</summary>
    public required string Name { get; init; }

    /// <summary>The job ARN.</summary>
    public required string Arn { get; init; }

    /// <summary>The primary status.</summary>
    public required TrainingJobStatus Status { get; init; }

    /// <summary>The secondary status.</summary>
    public required SecondaryStatus SecondaryStatus { get; init; }

    /// <summary>Why the job failed or stopped, when it did.</summary>
    public string? FailureReason { get; init; }

    /// <summary>The training image.</summary>
    public string? Image { get; init; }

    /// <summary>The role the job ran as.</summary>
    public string? RoleArn { get; init; }

    /// <summary>The <c>model.tar.gz</c> the job wrote; <see langword="null"/> until it completed.</summary>
    public string? ModelArtifactUri { get; init; }

    /// <summary>The final value of each metric definition, by metric name.</summary>
    public IReadOnlyDictionary<string, double> FinalMetrics { get; init; } = new Dictionary<string, double>();

    /// <summary>The hyperparameters the job ran with.</summary>
    public IReadOnlyDictionary<string, string> HyperParameters { get; init; } = new Dictionary<string, string>();

    /// <summary>The secondary status transitions so far, oldest first.</summary>
    public IReadOnlyList<SecondaryStatusTransition> Transitions { get; init; } = [];

    /// <summary>When the job was created.</summary>
    public required DateTimeOffset CreationTime { get; init; }

    /// <summary>When training ended, once it did.</summary>
    public DateTimeOffset? TrainingEndTime { get; init; }

    /// <summary>Time spent training.</summary>
    public TimeSpan? TrainingTime { get; init; }

    /// <summary>Time billed.</summary>
    public TimeSpan? BillableTime { get; init; }

    /// <summary>The ML compute instance type the job ran on (<c>ResourceConfig.InstanceType</c>), when SageMaker reports it.</summary>
    public string? InstanceType { get; init; }

    /// <summary>How many instances the job ran on (<c>ResourceConfig.InstanceCount</c>), when SageMaker reports it.</summary>
    public int? InstanceCount { get; init; }

    /// <summary>How long the job's instances stay in a warm pool after it ends (<c>ResourceConfig.KeepAlivePeriodInSeconds</c>), when it asked for one.</summary>
    public TimeSpan? WarmPoolKeepAlive { get; init; }

    /// <summary>The job's warm pool as SageMaker reports it (<c>WarmPoolStatus</c>), once it has one.</summary>
    public WarmPoolStatus? WarmPool { get; init; }

    /// <summary>Whether the job reached a final status (<c>Completed</c>, <c>Failed</c> or <c>Stopped</c>).</summary>
    public bool IsFinal => Status is TrainingJobStatus.Completed or TrainingJobStatus.Failed or TrainingJobStatus.Stopped;

    /// <summary>Builds the snapshot from a <c>DescribeTrainingJob</c> response.</summary>
    /// <param name="response">The response.</param>
    /// <returns>The snapshot.</returns>
    public static TrainingJob FromDescription(DescribeTrainingJobResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var metric in response.FinalMetricDataList ?? [])
        {
            if (metric.MetricName is { } name && metric.Value is { } value)
            {
                metrics[name] = value;
            }
        }

        var artifact = response.ModelArtifacts?.S3ModelArtifacts;
        return new TrainingJob
        {
            Name = response.TrainingJobName,
            Arn = response.TrainingJobArn,
            Status = response.TrainingJobStatus,
            SecondaryStatus = response.SecondaryStatus,
            FailureReason = response.FailureReason,
            Image = response.AlgorithmSpecification?.TrainingImage,
            RoleArn = response.RoleArn,
            ModelArtifactUri = string.IsNullOrEmpty(artifact) ? null : artifact,
            FinalMetrics = metrics,
            HyperParameters = response.HyperParameters ?? new Dictionary<string, string>(),
            Transitions = response.SecondaryStatusTransitions ?? [],
            CreationTime = response.CreationTime,
            TrainingEndTime = response.TrainingEndTime,
            TrainingTime = response.TrainingTimeInSeconds is { } t ? TimeSpan.FromSeconds(t) : null,
            BillableTime = response.BillableTimeInSeconds is { } b ? TimeSpan.FromSeconds(b) : null,
            InstanceType = response.ResourceConfig?.InstanceType,
            InstanceCount = response.ResourceConfig?.InstanceCount,
            WarmPoolKeepAlive = response.ResourceConfig?.KeepAlivePeriodInSeconds is { } keepAlive and > 0 ? TimeSpan.FromSeconds(keepAlive) : null,
            WarmPool = response.WarmPoolStatus,
        };
    }
}
