using MlOps.Sdk.Naming;
using MlOps.Sdk.SageMaker;
using MlOps.Sdk.Training;

namespace MlOps.Sdk.Stages.Settings;

/// <summary>The training job's settings: <c>manifest.json</c> <c>training</c>, overridden by the train stage's options.</summary>
internal sealed record TrainingSettings
{
    /// <summary>The instance type (<c>training.instanceType</c>, default <c>ml.m5.large</c>).</summary>
    public required string InstanceType { get; init; }

    /// <summary>How many instances (<c>training.instanceCount</c>, default 1); above 1 the job is distributed.</summary>
    public required int InstanceCount { get; init; }

    /// <summary>The storage volume per instance (<c>training.volumeSizeInGb</c>, default 30).</summary>
    public required int VolumeSizeInGb { get; init; }

    /// <summary>How long the job may run (<c>training.maxRuntimeInSeconds</c>, default one hour).</summary>
    public required TimeSpan MaxRuntime { get; init; }

    /// <summary>The data channels by name, each a folder of the project (<c>training.channels</c>, default <c>train</c> from <c>data/train</c>).</summary>
    public required IReadOnlyDictionary<string, string> Channels { get; init; }

    /// <summary>How each channel's data is spread over the instances (<c>training.dataDistribution</c>, default FullyReplicated).</summary>
    public required IReadOnlyDictionary<string, S3DataDistribution> DataDistribution { get; init; }

    /// <summary>The channels' content type (<c>training.contentType</c>).</summary>
    public string? ContentType { get; init; }

    /// <summary>The hyperparameters (<c>training.hyperparameters</c>).</summary>
    public required IReadOnlyDictionary<string, string> HyperParameters { get; init; }

    /// <summary>The metrics SageMaker reads from the job's log, by name (<c>training.metricDefinitions</c>).</summary>
    public required IReadOnlyDictionary<string, string> MetricDefinitions { get; init; }

    /// <summary>The warm-pool keep-alive of merge-request jobs (<see cref="TrainStage.MergeRequestWarmPoolKey"/>), or <see langword="null"/>.</summary>
    public TimeSpan? MergeRequestWarmPoolKeepAlive { get; init; }

    /// <summary>
    /// The keep-alive a job of this release keeps its instances warm for: <see cref="MergeRequestWarmPoolKeepAlive"/>
    /// for a candidate (merge-request) release, else none, as a default-branch pipeline trains once per merge.
    /// </summary>
    /// <param name="release">The run.</param>
    /// <returns>The keep-alive, or <see langword="null"/>.</returns>
    public TimeSpan? WarmPoolKeepAliveFor(ReleaseContext release) =>
        release.Kind == ReleaseKind.Candidate ? MergeRequestWarmPoolKeepAlive : null;

    /// <summary>Reads and checks the settings.</summary>
    /// <param name="values">The stage's layers.</param>
    /// <returns>The settings.</returns>
    /// <exception cref="MlOpsValidationException">A value breaks its rule; the message names it.</exception>
    public static TrainingSettings Read(StageSettingValues values)
    {
        var channels = values.Map("training.channels");
        if (channels.Count == 0)
        {
            channels = new Dictionary<string, string> { ["train"] = "data/train" };
        }

        var distributions = new Dictionary<string, S3DataDistribution>(StringComparer.Ordinal);
        foreach (var (channel, text) in values.Map("training.dataDistribution"))
        {
            var path = $"training.dataDistribution.{channel}";
            if (!channels.ContainsKey(channel))
            {
                throw new MlOpsValidationException(path, $"names no channel of training.channels ({string.Join(", ", channels.Keys)})");
            }

            distributions[channel] = Enum.Parse<S3DataDistribution>(values.OneOf(path, Enum.GetNames<S3DataDistribution>())!);
        }

        // Checked on every pipeline, so a bad value fails the merge request's pipeline and never first surfaces on main.
        var maxKeepAlive = (int)TrainingJobSpec.MaxWarmPoolKeepAlive.TotalSeconds;
        var keepAlive = values.Whole(TrainStage.MergeRequestWarmPoolKey, 0, maxKeepAlive, $"must be whole seconds from 0 to {maxKeepAlive} (SageMaker's KeepAlivePeriodInSeconds range)");
        return new TrainingSettings
        {
            InstanceType = values.Text("training.instanceType") ?? "ml.m5.large",
            InstanceCount = values.Whole("training.instanceCount", 1, int.MaxValue, "must be a whole number of at least 1") ?? 1,
            VolumeSizeInGb = values.Whole("training.volumeSizeInGb", 1, int.MaxValue, "must be a whole number of gigabytes, at least 1") ?? 30,
            MaxRuntime = TimeSpan.FromSeconds(values.Whole("training.maxRuntimeInSeconds", 1, 2_419_200, "must be whole seconds from 1 to 2419200 (28 days)") ?? 3600),
            Channels = channels,
            DataDistribution = distributions,
            ContentType = values.Text("training.contentType"),
            HyperParameters = values.Map("training.hyperparameters"),
            MetricDefinitions = values.Pairs("training.metricDefinitions", "name", "regex"),
            MergeRequestWarmPoolKeepAlive = keepAlive is > 0 ? TimeSpan.FromSeconds(keepAlive.Value) : null,
        };
    }
}
