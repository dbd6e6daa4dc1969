using System.Globalization;
using System.Text.RegularExpressions;
using MlOps.Sdk.Naming;
using MlOps.Sdk.SageMaker;
using MlOps.Sdk.Storage;

namespace MlOps.Sdk.Training;

/// <summary>
/// What a training job needs, typed: image, role, channels, output path, compute, limits, hyperparameters,
/// environment, metric definitions and tags; managed spot training and checkpoints are optional.
/// </summary>
public sealed record TrainingJobSpec
{
    /// <summary>Most hyperparameters per job.</summary>
    public const int MaxHyperParameters = 100;

    /// <summary>Longest hyperparameter key and value, in characters (AWS's documented limit).</summary>
    public const int MaxHyperParameterLength = 256;

    /// <summary>Most metric definitions per job.</summary>
    public const int MaxMetricDefinitions = 40;

    /// <summary>Longest job run SageMaker allows: 28 days.</summary>
    public static readonly TimeSpan MaxAllowedRuntime = TimeSpan.FromDays(28);

    /// <summary>
    /// Longest a managed warm pool may be kept alive after a job: 21600 seconds (6 hours), the range of
    /// <c>ResourceConfig.KeepAlivePeriodInSeconds</c> in the SageMaker API model and API reference. (The developer
    /// guide's older text still says 3600 s; the API model is what the service validates against.)
    /// </summary>
    public static readonly TimeSpan MaxWarmPoolKeepAlive = TimeSpan.FromSeconds(21_600);

    /// <summary>The job name (SageMaker name rules, 1-63 characters).</summary>
    public required string TrainingJobName { get; init; }

    /// <summary>The training image URI (ECR on AWS, a registered local image in local mode).</summary>
    public required string Image { get; init; }

    /// <summary>The IAM role ARN SageMaker assumes for the job.</summary>
    public required string RoleArn { get; init; }

    /// <summary>The <c>s3://</c> prefix the job writes <c>&lt;job&gt;/output/model.tar.gz</c> under.</summary>
    public required string OutputPath { get; init; }

    /// <summary>The named inputs.</summary>
    public IReadOnlyList<TrainingChannel> Channels { get; init; } = [];

    /// <summary>The instance type, such as <c>ml.m5.large</c>.</summary>
    public string InstanceType { get; init; } = "ml.m5.large";

    /// <summary>How many instances; above 1 the job is distributed, and each channel's <see cref="TrainingChannel.DataDistribution"/> says which objects each instance gets.</summary>
    public int InstanceCount { get; init; } = 1;

    /// <summary>The storage volume per instance, in GB.</summary>
    public int VolumeSizeInGB { get; init; } = 30;

    /// <summary>The longest the job may run before SageMaker stops it.</summary>
    public TimeSpan MaxRuntime { get; init; } = TimeSpan.FromHours(1);

    /// <summary>The algorithm's hyperparameters; at most 100, keys and values at most 256 characters.</summary>
    public IReadOnlyDictionary<string, string> HyperParameters { get; init; } = new Dictionary<string, string>();

    /// <summary>Environment variables for the training container.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Metrics to extract from the log: metric name to a regular expression whose first group is the value.</summary>
    public IReadOnlyDictionary<string, string> MetricDefinitions { get; init; } = new Dictionary<string, string>();

    /// <summary>Tags for the job; <c>ManagedBy=MlOps.Sdk</c> is always added.</summary>
    public IReadOnlyList<ResourceTag> Tags { get; init; } = [];

    /// <summary>How channel data reaches the container.</summary>
    public TrainingInputMode InputMode { get; init; } = TrainingInputMode.File;

    /// <summary>Whether to use managed spot training.</summary>
    public bool UseManagedSpotTraining { get; init; }

    /// <summary>With spot training: the longest to wait for spot capacity plus the run; must be at least <see cref="MaxRuntime"/>.</summary>
    public TimeSpan? MaxWaitTime { get; init; }

    /// <summary>The <c>s3://</c> prefix for checkpoints, when the job checkpoints.</summary>
    public string? CheckpointS3Uri { get; init; }

    /// <summary>The folder in the container that checkpoints are synced from; SageMaker's default is <c>/opt/ml/checkpoints</c>.</summary>
    public string? CheckpointLocalPath { get; init; }

    /// <summary>A KMS key for the output artifacts.</summary>
    public string? OutputKmsKeyId { get; init; }

    /// <summary>
    /// How long SageMaker keeps the job's instances in a managed warm pool after it ends
    /// (<c>ResourceConfig.KeepAlivePeriodInSeconds</c>), so that a later matching job (same role, instance type and
    /// count, volume size and KMS key) starts on them without provisioning. Whole seconds from 0 to
    /// <see cref="MaxWarmPoolKeepAlive"/>; not with managed spot training. <see langword="null"/>: no warm pool.
    /// Warm pools are billed while retained, and an account's warm-pool quota starts at 0.
    /// </summary>
    public TimeSpan? WarmPoolKeepAlive { get; init; }

    /// <summary>
    /// Checks every field on the client side, naming the field and the rule on failure, then checks the request it maps to
    /// against the AWS API model.
    /// </summary>
    /// <exception cref="MlOpsValidationException">A field breaks a rule.</exception>
    public void Validate() => ToRequest();

    /// <summary>Maps the spec to the <c>CreateTrainingJob</c> request, validating it first.</summary>
    /// <returns>The request.</returns>
    /// <exception cref="MlOpsValidationException">A field breaks a rule.</exception>
    public CreateTrainingJobRequest ToRequest()
    {
        SageMakerNameRules.Validate(TrainingJobName, nameof(TrainingJobName));
        Require(Image, nameof(Image));
        if (Image.Any(char.IsWhiteSpace))
        {
            throw new MlOpsValidationException(nameof(Image), "must not contain white space", TrainingJobName);
        }

        Require(RoleArn, nameof(RoleArn));
        if (!WirePatterns.RoleArn.IsMatch(RoleArn))
        {
            throw new MlOpsValidationException(nameof(RoleArn), $"'{RoleArn}' must be an IAM role ARN such as arn:aws:iam::123456789012:role/SageMakerExecution", TrainingJobName);
        }

        var output = S3Uri.Parse(OutputPath, nameof(OutputPath));
        if (!WirePatterns.TrainingInstanceType.IsMatch(InstanceType ?? string.Empty))
        {
            throw new MlOpsValidationException(nameof(InstanceType), $"'{InstanceType}' must look like ml.<family>.<size>, such as ml.m5.large", TrainingJobName);
        }

        if (InstanceCount < 1)
        {
            throw new MlOpsValidationException(nameof(InstanceCount), $"must be at least 1 (got {InstanceCount})", TrainingJobName);
        }

        if (VolumeSizeInGB < 1)
        {
            throw new MlOpsValidationException(nameof(VolumeSizeInGB), $"must be at least 1 (got {VolumeSizeInGB})", TrainingJobName);
        }

        if (MaxRuntime < TimeSpan.FromSeconds(1) || MaxRuntime > MaxAllowedRuntime)
        {
            throw new MlOpsValidationException(nameof(MaxRuntime), $"must be between 1 second and 28 days (got {MaxRuntime})", TrainingJobName);
        }

        var keepAliveSeconds = ValidateWarmPoolKeepAlive();
        ValidateHyperParameters();
        ValidateMetricDefinitions();
        var channels = BuildChannels();

        if (MaxWaitTime is { } maxWait)
        {
            if (!UseManagedSpotTraining)
            {
                throw new MlOpsValidationException(nameof(MaxWaitTime), "applies only with managed spot training (UseManagedSpotTraining = true)", TrainingJobName);
            }

            if (maxWait < MaxRuntime)
            {
                throw new MlOpsValidationException(nameof(MaxWaitTime), $"must be at least MaxRuntime ({MaxRuntime}) (got {maxWait})", TrainingJobName);
            }
        }

        CheckpointConfig? checkpoint = null;
        if (CheckpointS3Uri is not null)
        {
            S3Uri.Parse(CheckpointS3Uri, nameof(CheckpointS3Uri));
            checkpoint = new CheckpointConfig { S3Uri = CheckpointS3Uri, LocalPath = CheckpointLocalPath };
        }
        else if (CheckpointLocalPath is not null)
        {
            throw new MlOpsValidationException(nameof(CheckpointLocalPath), "needs CheckpointS3Uri", TrainingJobName);
        }

        var request = new CreateTrainingJobRequest
        {
            TrainingJobName = TrainingJobName,
            RoleArn = RoleArn,
            AlgorithmSpecification = new AlgorithmSpecification
            {
                TrainingImage = Image,
                TrainingInputMode = InputMode,
                MetricDefinitions = MetricDefinitions.Count == 0
                    ? null
                    : MetricDefinitions.Select(m => new MetricDefinition { Name = m.Key, Regex = m.Value }).ToList(),
            },
            HyperParameters = HyperParameters.Count == 0 ? null : HyperParameters,
            Environment = Environment.Count == 0 ? null : Environment,
            InputDataConfig = channels,
            OutputDataConfig = new OutputDataConfig { S3OutputPath = output.ToString(), KmsKeyId = OutputKmsKeyId },
            ResourceConfig = new ResourceConfig { InstanceType = InstanceType, InstanceCount = InstanceCount, VolumeSizeInGB = VolumeSizeInGB, KeepAlivePeriodInSeconds = keepAliveSeconds },
            StoppingCondition = new StoppingCondition
            {
                MaxRuntimeInSeconds = (int)MaxRuntime.TotalSeconds,
                MaxWaitTimeInSeconds = MaxWaitTime is { } w ? (int)w.TotalSeconds : null,
            },
            EnableManagedSpotTraining = UseManagedSpotTraining ? true : null,
            CheckpointConfig = checkpoint,
            Tags = ManagedTags.ToWire(Tags),
        };
        request.Validate(nameof(TrainingJobSpec));
        return request;
    }

    private int? ValidateWarmPoolKeepAlive()
    {
        if (WarmPoolKeepAlive is not { } keepAlive)
        {
            return null;
        }

        if (keepAlive < TimeSpan.Zero || keepAlive > MaxWarmPoolKeepAlive || keepAlive.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            throw new MlOpsValidationException(nameof(WarmPoolKeepAlive), $"must be whole seconds from 0 to {MaxWarmPoolKeepAlive.TotalSeconds:0} (got {keepAlive})", TrainingJobName);
        }

        if (UseManagedSpotTraining && keepAlive > TimeSpan.Zero)
        {
            throw new MlOpsValidationException(nameof(WarmPoolKeepAlive), "must be 0 or unset with managed spot training (UseManagedSpotTraining = true): SageMaker managed warm pools cannot be used with spot instances", TrainingJobName);
        }

        return (int)keepAlive.TotalSeconds;
    }

    private void ValidateHyperParameters()
    {
        if (HyperParameters.Count > MaxHyperParameters)
        {
            throw new MlOpsValidationException(nameof(HyperParameters), $"must hold at most {MaxHyperParameters} entries (got {HyperParameters.Count})", TrainingJobName);
        }

        foreach (var (key, value) in HyperParameters)
        {
            if (key.Length is 0 or > MaxHyperParameterLength)
            {
                throw new MlOpsValidationException($"{nameof(HyperParameters)}[{Shorten(key)}]", $"key must be 1-{MaxHyperParameterLength} characters (got {key.Length})", TrainingJobName);
            }

            if (value is null || value.Length > MaxHyperParameterLength)
            {
                throw new MlOpsValidationException($"{nameof(HyperParameters)}[{key}]", $"value must be at most {MaxHyperParameterLength} characters (got {value?.Length.ToString(CultureInfo.InvariantCulture) ?? "null"})", TrainingJobName);
            }
        }
    }

    private void ValidateMetricDefinitions()
    {
        if (MetricDefinitions.Count > MaxMetricDefinitions)
        {
            throw new MlOpsValidationException(nameof(MetricDefinitions), $"must hold at most {MaxMetricDefinitions} entries (got {MetricDefinitions.Count})", TrainingJobName);
        }

        foreach (var (name, pattern) in MetricDefinitions)
        {
            var field = $"{nameof(MetricDefinitions)}[{Shorten(name)}]";
            if (name.Length is 0 or > 255)
            {
                throw new MlOpsValidationException(field, $"metric name must be 1-255 characters (got {name.Length})", TrainingJobName);
            }

            if (string.IsNullOrEmpty(pattern) || pattern.Length > 500)
            {
                throw new MlOpsValidationException(field, $"regex must be 1-500 characters (got {pattern?.Length ?? 0})", TrainingJobName);
            }

            try
            {
                _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException e)
            {
                throw new MlOpsValidationException(field, $"regex '{pattern}' does not compile: {e.Message}", TrainingJobName);
            }
        }
    }

    private List<Channel>? BuildChannels()
    {
        if (Channels.Count == 0)
        {
            return null;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        var channels = new List<Channel>(Channels.Count);
        for (var i = 0; i < Channels.Count; i++)
        {
            var channel = Channels[i];
            var field = $"{nameof(Channels)}[{i}]";
            if (string.IsNullOrEmpty(channel.Name) || channel.Name.Length > 64 || !WirePatterns.ChannelName.IsMatch(channel.Name))
            {
                throw new MlOpsValidationException($"{field}.Name", $"'{channel.Name}' must be 1-64 letters, digits, '.', '-' or '_'", TrainingJobName);
            }

            if (!names.Add(channel.Name))
            {
                throw new MlOpsValidationException($"{field}.Name", $"'{channel.Name}' is used by two channels", TrainingJobName);
            }

            var uri = S3Uri.Parse(channel.S3Uri, $"{field}.S3Uri");
            if (!Enum.IsDefined(channel.DataDistribution))
            {
                throw new MlOpsValidationException($"{field}.DataDistribution", $"must be FullyReplicated or ShardedByS3Key (got {channel.DataDistribution})", TrainingJobName);
            }

            channels.Add(new Channel
            {
                ChannelName = channel.Name,
                ContentType = channel.ContentType,
                InputMode = channel.InputMode,
                DataSource = new DataSource
                {
                    S3DataSource = new S3DataSource
                    {
                        S3DataType = S3DataType.S3Prefix,
                        S3Uri = uri.ToString(),
                        S3DataDistributionType = channel.DataDistribution,
                    },
                },
            });
        }

        return channels;
    }

    private void Require(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new MlOpsValidationException(field, "is required", TrainingJobName);
        }
    }

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..37] + "...";
}
