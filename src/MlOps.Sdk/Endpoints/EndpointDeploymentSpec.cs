using MlOps.Sdk.Naming;
using MlOps.Sdk.SageMaker;

namespace MlOps.Sdk.Endpoints;

/// <summary>
/// What to deploy where: a model package version (or an image and model data) onto an endpoint, with its compute,
/// and how a blue/green update of an existing endpoint shifts traffic and rolls back.
/// </summary>
public sealed record EndpointDeploymentSpec
{
    /// <summary>The endpoint to create or update.</summary>
    public required string EndpointName { get; init; }

    /// <summary>The model package version to deploy (its ARN). Set this, or <see cref="Image"/> and <see cref="ModelDataUrl"/>.</summary>
    public string? ModelPackageArn { get; init; }

    /// <summary>The inference image, when not deploying a model package.</summary>
    public string? Image { get; init; }

    /// <summary>The <c>s3://…/model.tar.gz</c>, when not deploying a model package.</summary>
    public string? ModelDataUrl { get; init; }

    /// <summary>The IAM role the model runs as (required on AWS for private images and data).</summary>
    public string? ExecutionRoleArn { get; init; }

    /// <summary>The instance type, such as <c>ml.m5.large</c>.</summary>
    public string InstanceType { get; init; } = "ml.m5.large";

    /// <summary>How many instances.</summary>
    public int InstanceCount { get; init; } = 1;

    /// <summary>The production variant's name.</summary>
    public string VariantName { get; init; } = "AllTraffic";

    /// <summary>Environment variables for the inference container.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>How long the container may take to answer its first <c>/ping</c>, or <see langword="null"/> for SageMaker's default.</summary>
    public TimeSpan? ContainerStartupHealthCheckTimeout { get; init; }

    /// <summary>Tags for the model, config and endpoint; <c>ManagedBy=MlOps.Sdk</c> is always added.</summary>
    public IReadOnlyList<ResourceTag> Tags { get; init; } = [];

    /// <summary>How an update of an existing endpoint shifts traffic.</summary>
    public EndpointTrafficRouting TrafficRouting { get; init; } = EndpointTrafficRouting.AllAtOnce();

    /// <summary>CloudWatch alarms that roll an update back automatically when they fire.</summary>
    public IReadOnlyList<string> AutoRollbackAlarms { get; init; } = [];

    /// <summary>How long the old fleet stays after traffic has moved (0-3600 s), or <see langword="null"/> for SageMaker's default.</summary>
    public TimeSpan? TerminationWait { get; init; }

    /// <summary>The longest the blue/green update may take (600-28800 s), or <see langword="null"/> for SageMaker's default.</summary>
    public TimeSpan? MaximumExecutionTimeout { get; init; }

    /// <summary>
    /// Whether an update keeps each variant's current instance count and weight (SageMaker's
    /// <c>RetainAllVariantProperties</c>) instead of <see cref="InstanceCount"/>: set it on an auto-scaled endpoint, so that
    /// a rollout starts the new fleet at the scaled size. Creation always uses <see cref="InstanceCount"/>.
    /// </summary>
    public bool KeepInstanceCountsOnUpdate { get; init; }

    /// <summary>Whether a Failed endpoint is deleted and created again (true), or the deploy fails (false).</summary>
    public bool RecreateFailedEndpoint { get; init; } = true;

    /// <summary>
    /// Whether an update may replace a deployment made by a newer pipeline. By default (false) an update whose
    /// <see cref="Tags"/> carry a <see cref="Naming.StandardTagKeys.Pipeline"/> id is refused with
    /// <see cref="EndpointSupersededException"/> when the endpoint's own <c>Pipeline</c> tag (the pipeline that deployed
    /// it last) is a higher id, as GitLab's "Prevent outdated deployment jobs" refuses an older deployment job. Set it for
    /// a deliberate rollback by an older pipeline.
    /// </summary>
    public bool AllowOutdatedDeployment { get; init; }

    /// <summary>Checks every field on the client side before any call.</summary>
    /// <exception cref="MlOpsValidationException">A field breaks a rule.</exception>
    public void Validate()
    {
        SageMakerNameRules.Validate(EndpointName, nameof(EndpointName));
        SageMakerNameRules.Validate(VariantName, nameof(VariantName));
        var hasPackage = !string.IsNullOrEmpty(ModelPackageArn);
        var hasImage = !string.IsNullOrEmpty(Image) || !string.IsNullOrEmpty(ModelDataUrl);
        if (hasPackage == hasImage)
        {
            throw new MlOpsValidationException(nameof(ModelPackageArn), "set either ModelPackageArn, or Image and ModelDataUrl", EndpointName);
        }

        if (hasImage && string.IsNullOrEmpty(Image))
        {
            throw new MlOpsValidationException(nameof(Image), "is required with ModelDataUrl", EndpointName);
        }

        if (!string.IsNullOrEmpty(ModelDataUrl))
        {
            Storage.S3Uri.Parse(ModelDataUrl, nameof(ModelDataUrl));
        }

        if (ExecutionRoleArn is not null && !WirePatterns.RoleArn.IsMatch(ExecutionRoleArn))
        {
            throw new MlOpsValidationException(nameof(ExecutionRoleArn), $"'{ExecutionRoleArn}' must be an IAM role ARN such as arn:aws:iam::123456789012:role/SageMakerExecution", EndpointName);
        }

        if (!WirePatterns.ProductionVariantInstanceType.IsMatch(InstanceType ?? string.Empty))
        {
            throw new MlOpsValidationException(nameof(InstanceType), $"'{InstanceType}' must look like ml.<family>.<size>, such as ml.m5.large", EndpointName);
        }

        if (InstanceCount < 1)
        {
            throw new MlOpsValidationException(nameof(InstanceCount), $"must be at least 1 (got {InstanceCount})", EndpointName);
        }

        ArgumentNullException.ThrowIfNull(TrafficRouting);
        TrafficRouting.Validate();
        if (TerminationWait is { } wait && (wait < TimeSpan.Zero || wait > TimeSpan.FromHours(1)))
        {
            throw new MlOpsValidationException(nameof(TerminationWait), $"must be 0-3600 seconds (got {wait})", EndpointName);
        }

        if (MaximumExecutionTimeout is { } timeout && (timeout < TimeSpan.FromSeconds(600) || timeout > TimeSpan.FromSeconds(28800)))
        {
            throw new MlOpsValidationException(nameof(MaximumExecutionTimeout), $"must be 600-28800 seconds (got {timeout})", EndpointName);
        }

        if (ContainerStartupHealthCheckTimeout is { } startup && (startup < TimeSpan.FromSeconds(60) || startup > TimeSpan.FromSeconds(3600)))
        {
            throw new MlOpsValidationException(nameof(ContainerStartupHealthCheckTimeout), $"must be 60-3600 seconds (got {startup})", EndpointName);
        }

        for (var i = 0; i < AutoRollbackAlarms.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(AutoRollbackAlarms[i]) || AutoRollbackAlarms[i].Length > 255)
            {
                throw new MlOpsValidationException($"{nameof(AutoRollbackAlarms)}[{i}]", "must be an alarm name of 1-255 characters", EndpointName);
            }
        }

        if (AutoRollbackAlarms.Count > 10)
        {
            throw new MlOpsValidationException(nameof(AutoRollbackAlarms), $"must hold at most 10 alarms (got {AutoRollbackAlarms.Count})", EndpointName);
        }

        // The blue/green rules (timeout above the waits, canary and step sizes) live on the wire types; applied here
        // too so that a bad spec fails before the model and config are created.
        ToDeploymentConfig().Validate(nameof(EndpointDeploymentSpec));

        ManagedTags.ToWire(Tags);
    }

    internal DeploymentConfig ToDeploymentConfig() => new()
    {
        BlueGreenUpdatePolicy = new BlueGreenUpdatePolicy
        {
            TrafficRoutingConfiguration = TrafficRouting.ToWire(),
            TerminationWaitInSeconds = TerminationWait is { } w ? (int)w.TotalSeconds : null,
            MaximumExecutionTimeoutInSeconds = MaximumExecutionTimeout is { } t ? (int)t.TotalSeconds : null,
        },
        AutoRollbackConfiguration = AutoRollbackAlarms.Count == 0
            ? null
            : new AutoRollbackConfig { Alarms = AutoRollbackAlarms.Select(a => new Alarm { AlarmName = a }).ToList() },
    };
}
