using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Sdk.Naming;
using MlOps.Sdk.SageMaker;
using MlOps.Sdk.Stages.Settings;
using MlOps.Sdk.Storage;
using MlOps.Sdk.Training;

namespace MlOps.Sdk.Stages;

/// <summary>
/// Train: uploads the project's data channels, starts a training job on the build stage's image and, unless told not
/// to, waits for it, showing its status and metrics. A failed job fails the stage with SageMaker's FailureReason.
/// </summary>
public sealed class TrainStage : IStage
{
    /// <summary>The execution role local mode uses when none is given (local mode assumes no role).</summary>
    public const string LocalRoleArn = "arn:aws:iam::000000000000:role/mlops-local-execution";

    /// <summary>
    /// The manifest key of the warm-pool keep-alive for merge-request training jobs, in seconds (0 to 21600): a
    /// merge request's pipelines train again and again on the same role and instances, so keeping them warm between
    /// pushes saves the instance provisioning of each retrain. Default-branch jobs never keep a warm pool.
    /// </summary>
    public const string MergeRequestWarmPoolKey = "training.warmPool.mergeRequestKeepAliveInSeconds";

    /// <summary><c>--job-name</c>: the training job's name.</summary>
    public static readonly StageOption JobName = StageOption.Create("job-name", "the training job's name (default: <project>-<mr7|stable>-<commit>-<time>)", null, "MLOPS_TRAINING_JOB_NAME");

    /// <summary><c>--role-arn</c>: the role SageMaker runs the job as.</summary>
    public static readonly StageOption RoleArn = StageOption.Create("role-arn", "the IAM role SageMaker runs the job as (AWS: required; manifest.json aws.sageMakerRoleArnVariable names its CI variable)");

    /// <summary><c>--bucket</c>: the S3 bucket of data and models.</summary>
    public static readonly StageOption Bucket = StageOption.Create("bucket", "the S3 bucket for input data and model artifacts (AWS: required; local default mlops-<project>)");

    /// <summary><c>--instance-type</c>: the training instance type.</summary>
    public static readonly StageOption InstanceType = StageOption.Create("instance-type", "the training instance type (manifest.json: training.instanceType)") with { ManifestKey = "training.instanceType" };

    /// <summary><c>--training-instance-count</c>: how many training instances.</summary>
    public static readonly StageOption InstanceCount = StageOption.Create("training-instance-count", "how many training instances; above 1 the job is distributed (manifest.json: training.instanceCount)") with { ManifestKey = "training.instanceCount" };

    /// <summary><c>--max-runtime</c>: seconds the job may run.</summary>
    public static readonly StageOption MaxRuntime = StageOption.Create("max-runtime", "seconds the job may run before SageMaker stops it (manifest.json: training.maxRuntimeInSeconds)") with { ManifestKey = "training.maxRuntimeInSeconds" };

    /// <summary><c>--wait</c>: wait for the job to end.</summary>
    public static readonly StageOption Wait = StageOption.Flag("wait", "wait for the job to end (false: start it and hand its name on)", defaultValue: true);

    /// <summary><c>--image</c>: the training image.</summary>
    public static readonly StageOption Image = StageOption.Create("image", "the training image URI (handed on by build)", null, "MLOPS_TRAINING_IMAGE_URI", "MLOPS_IMAGE_URI");

    /// <inheritdoc/>
    public string Name => "train";

    /// <inheritdoc/>
    public string Summary => "Starts a training job on this commit's image and the project's data, and waits for it.";

    /// <inheritdoc/>
    public IReadOnlyList<StageOption> Options => [JobName, RoleArn, Bucket, InstanceType, InstanceCount, MaxRuntime, Wait, Image];

    /// <inheritdoc/>
    public async Task<int> RunAsync(StageContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var arguments = context.Arguments;
        var settings = context.Settings;
        var training = settings.Training;
        var release = context.ReleaseContext();
        var namer = context.Namer();
        var local = context.Mode == MlOpsMode.Local;

        var jobName = arguments.Get(JobName.Name) ?? namer.TrainingJobName(release);
        var image = arguments.Require(Image.Name, "run the build stage first");
        var roleVariable = settings.Aws.SageMakerRoleArnVariable;
        var role = arguments.Get(RoleArn.Name) ?? (roleVariable is null ? null : context.GetVariable(roleVariable)) ?? (local ? LocalRoleArn : null)
            ?? throw new MlOpsValidationException("--role-arn", $"is required in AWS mode: pass --role-arn or set ${roleVariable ?? "MLOPS_ROLE_ARN"}");
        var bucket = arguments.Get(Bucket.Name) ?? (local ? $"mlops-{namer.Project}" : null)
            ?? throw new MlOpsValidationException("--bucket", "is required in AWS mode: pass --bucket or set $MLOPS_BUCKET (tofu output)");
        S3Uri.Create(bucket);
        var channels = training.Channels;
        foreach (var (channel, folder) in channels)
        {
            if (!Directory.Exists(context.ResolvePath(folder)))
            {
                throw new MlOpsValidationException($"training.channels.{channel}", $"must be an existing data folder (got '{context.ResolvePath(folder)}')");
            }
        }

        var maxRuntime = training.MaxRuntime;
        var artifactPrefix = namer.ArtifactPrefix(release);
        var inputPrefix = S3Uri.Create(bucket, $"{artifactPrefix}input/{jobName}/");
        var spec = new TrainingJobSpec
        {
            TrainingJobName = jobName,
            Image = image,
            RoleArn = role,
            OutputPath = S3Uri.Create(bucket, $"{artifactPrefix}output").ToString(),
            Channels = [.. channels.Keys.Select(c => new TrainingChannel(c, inputPrefix.Append(c + "/").ToString()) { ContentType = training.ContentType, DataDistribution = training.DataDistribution.GetValueOrDefault(c, S3DataDistribution.FullyReplicated) })],
            InstanceType = training.InstanceType,
            InstanceCount = training.InstanceCount,
            VolumeSizeInGB = training.VolumeSizeInGb,
            MaxRuntime = maxRuntime,
            WarmPoolKeepAlive = training.WarmPoolKeepAliveFor(release),
            HyperParameters = training.HyperParameters,
            MetricDefinitions = training.MetricDefinitions,
            Tags = namer.Tags(release),
        };
        spec.Validate();
        var wait = arguments.GetBoolean(Wait.Name);

        var trainingClient = ActivatorUtilities.GetServiceOrCreateInstance<TrainingClient>(context.Services);
        var store = context.Services.GetRequiredService<IArtifactStore>();
        foreach (var (channel, folder) in channels)
        {
            await context.Console.RunStepAsync(
                $"uploading channel {channel} ({folder}) to {inputPrefix.Append(channel + "/")}",
                ct => store.UploadDirectoryAsync(context.ResolvePath(folder), inputPrefix.Append(channel + "/"), null, ct),
                cancellationToken).ConfigureAwait(false);
        }

        var operation = await context.Console.RunStepAsync(
            $"starting training job {jobName} ({spec.InstanceCount} x {spec.InstanceType}, max {maxRuntime.TotalSeconds:0} s{(spec.WarmPoolKeepAlive is { } keepAlive ? $", warm pool kept {keepAlive.TotalSeconds:0} s" : string.Empty)})",
            ct => trainingClient.StartTrainingJobAsync(spec, ct),
            cancellationToken).ConfigureAwait(false);
        await context.Handoff.PublishAsync(new Dictionary<string, string> { ["MLOPS_TRAINING_JOB"] = jobName }, cancellationToken).ConfigureAwait(false);
        if (!wait)
        {
            context.Console.WriteResult("training job", $"{jobName} started; register waits for it");
            return StageExitCode.Success;
        }

        var lastStatus = string.Empty;
        var progress = new Progress<TrainingJobProgress>(p =>
        {
            var status = $"{p.Status}/{p.SecondaryStatus}";
            if (status != lastStatus)
            {
                lastStatus = status;
                context.Console.WriteLine($"{jobName}: {status}{(string.IsNullOrEmpty(p.StatusMessage) ? string.Empty : " — " + p.StatusMessage)}");
            }
        });
        TrainingJob job;
        try
        {
            job = await context.Console.RunStepAsync(
                $"training {jobName}",
                ct => operation.WaitForCompletionAsync(progress, ct),
                cancellationToken).ConfigureAwait(false);
        }
        catch (TrainingJobFailedException ex)
        {
            context.Console.WriteError($"training job {jobName} failed: {ex.Message}");
            await ShowLogTailAsync(context, trainingClient, jobName, cancellationToken).ConfigureAwait(false);
            return StageExitCode.Failed;
        }

        foreach (var (metric, value) in job.FinalMetrics.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            context.Console.WriteResult("metric " + metric, value.ToString("0.######", CultureInfo.InvariantCulture));
        }

        context.Console.WriteResult("model", job.ModelArtifactUri ?? "(none)");
        var inputs = context.ResolvePath(StageFiles.ReleaseInputDirectory);
        Directory.CreateDirectory(inputs);
        await File.WriteAllTextAsync(Path.Combine(inputs, StageFiles.MetricsFileName), JsonSerializer.Serialize(job.FinalMetrics), cancellationToken).ConfigureAwait(false);
        var values = new Dictionary<string, string> { ["MLOPS_TRAINING_JOB"] = jobName };
        if (job.ModelArtifactUri is not null)
        {
            values["MLOPS_MODEL_DATA_URL"] = job.ModelArtifactUri;
        }

        await context.Handoff.PublishAsync(values, cancellationToken).ConfigureAwait(false);
        return StageExitCode.Success;
    }

    private static async Task ShowLogTailAsync(StageContext context, TrainingClient training, string jobName, CancellationToken cancellationToken)
    {
        var tail = new Queue<string>();
        try
        {
            await foreach (var entry in training.GetLogsAsync(jobName, null, cancellationToken).ConfigureAwait(false))
            {
                tail.Enqueue(entry.Message);
                if (tail.Count > 20)
                {
                    tail.Dequeue();
                }
            }
        }
        catch (MlOpsException)
        {
            // The log is a diagnosis aid: without it the failure reason above still stands.
            return;
        }

        foreach (var line in tail)
        {
            context.Console.WriteLine("log | " + line);
        }
    }
}
