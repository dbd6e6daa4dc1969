using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using MlOps.Sdk.SageMaker;
using MlOps.Sdk.Storage;

namespace MlOps.Sdk.Local;

/// <summary>
/// Local training jobs: each runs <c>&lt;entry point&gt; train</c> under a detached supervisor, and its state is
/// reconciled lazily, idempotently, by whichever process describes it next.
/// </summary>
internal sealed class LocalTrainingJobs(
    LocalStateStore state,
    LocalArtifactStore artifacts,
    LocalImageRegistry images,
    LocalArns arns,
    LocalOptions options,
    TimeProvider timeProvider,
    ILogger logger)
{
    private const string CurrentHost = "algo-1";
    private const int DefaultMaxRuntimeSeconds = 86_400;
    private const int MaxFailureReasonLength = 1024;

    internal async Task<CreateTrainingJobResponse> CreateAsync(CreateTrainingJobRequest request, CancellationToken cancellationToken)
    {
        request.Validate();
        var name = request.TrainingJobName;
        var arn = arns.For(LocalResourceKind.TrainingJob, name);
        var now = timeProvider.GetUtcNow();
        var outputPath = S3Uri.Parse(request.OutputDataConfig.S3OutputPath, "CreateTrainingJobRequest.OutputDataConfig.S3OutputPath");
        var jobDirectory = Path.Combine(state.Home, "training-jobs", name);
        var record = new LocalTrainingJobRecord
        {
            JobDirectory = jobDirectory,
            Description = new DescribeTrainingJobResponse
            {
                TrainingJobName = name,
                TrainingJobArn = arn,
                ModelArtifacts = new ModelArtifacts { S3ModelArtifacts = ModelArtifactUri(outputPath, name).ToString() },
                TrainingJobStatus = TrainingJobStatus.InProgress,
                SecondaryStatus = SecondaryStatus.Starting,
                HyperParameters = request.HyperParameters,
                AlgorithmSpecification = request.AlgorithmSpecification,
                RoleArn = request.RoleArn,
                InputDataConfig = request.InputDataConfig,
                OutputDataConfig = request.OutputDataConfig,
                ResourceConfig = request.ResourceConfig,
                StoppingCondition = request.StoppingCondition ?? new StoppingCondition { MaxRuntimeInSeconds = DefaultMaxRuntimeSeconds },
                CreationTime = now,
                LastModifiedTime = now,
                SecondaryStatusTransitions = [new SecondaryStatusTransition { Status = SecondaryStatus.Starting, StartTime = now, StatusMessage = "Starting the training job." }],
                EnableManagedSpotTraining = request.EnableManagedSpotTraining,
                CheckpointConfig = request.CheckpointConfig,
                Environment = request.Environment,
            },
        };

        var inserted = await state.WriteAsync(
            t =>
            {
                if (!t.TryInsert(LocalResourceKind.TrainingJob, name, arn, now, record))
                {
                    return false;
                }

                foreach (var tag in request.Tags ?? [])
                {
                    t.SetTag(arn, tag.Key, tag.Value);
                }

                return true;
            },
            cancellationToken).ConfigureAwait(false);
        if (!inserted)
        {
            throw LocalErrors.InUse($"Training job names must be unique within an AWS account and region, and a training job with this name already exists ({arn})", arn);
        }

        logger.LogInformation("Local training job {TrainingJobName} created in {JobDirectory}", name, jobDirectory);
        try
        {
            var image = await images.FindAsync(request.AlgorithmSpecification?.TrainingImage ?? string.Empty, cancellationToken).ConfigureAwait(false);
            if (image is null)
            {
                var imageUri = request.AlgorithmSpecification?.TrainingImage;
                var reason = string.IsNullOrEmpty(imageUri)
                    ? "ClientError: AlgorithmSpecification.TrainingImage is required in local mode: name an image registered with LocalImageRegistry."
                    : "ClientError: " + images.NotRegisteredMessage(imageUri);
                await FinishAsync(name, TrainingJobStatus.Failed, SecondaryStatus.Failed, reason, null, cancellationToken).ConfigureAwait(false);
                return new CreateTrainingJobResponse { TrainingJobArn = arn };
            }

            await StageAndLaunchAsync(request, image, arn, jobDirectory, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The job exists now: whatever stops its launch ends it Failed, so nobody waits on it forever.
            var reason = ex is OperationCanceledException ? "ClientError: the launch was cancelled." : "ClientError: " + ex.Message;
            await FinishAsync(name, TrainingJobStatus.Failed, SecondaryStatus.Failed, Truncate(reason), null, CancellationToken.None).ConfigureAwait(false);
            if (ex is OperationCanceledException)
            {
                throw;
            }
        }

        return new CreateTrainingJobResponse { TrainingJobArn = arn };
    }

    internal async Task<DescribeTrainingJobResponse> DescribeAsync(DescribeTrainingJobRequest request, CancellationToken cancellationToken)
    {
        request.Validate();
        var record = await GetAsync(request.TrainingJobName, cancellationToken).ConfigureAwait(false);
        return (await ReconcileAsync(record, cancellationToken).ConfigureAwait(false)).Description;
    }

    internal async Task StopAsync(StopTrainingJobRequest request, CancellationToken cancellationToken)
    {
        request.Validate();
        var name = request.TrainingJobName;
        var record = await ReconcileAsync(await GetAsync(name, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        if (record.IsFinal)
        {
            throw LocalErrors.Validation($"The request was rejected because the training job is in status {record.Description.TrainingJobStatus}.", record.Description.TrainingJobArn);
        }

        var now = timeProvider.GetUtcNow();
        await state.UpdateAsync<LocalTrainingJobRecord>(
            LocalResourceKind.TrainingJob,
            name,
            current => current.IsFinal || current.StopRequested ? current : current with
            {
                StopRequested = true,
                Description = WithSecondary(current.Description, SecondaryStatus.Stopping, "Stopping the training job.", now) with { TrainingJobStatus = TrainingJobStatus.Stopping },
            },
            cancellationToken).ConfigureAwait(false);
        Directory.CreateDirectory(record.JobDirectory);
        await File.WriteAllTextAsync(Path.Combine(record.JobDirectory, "stop_requested"), now.ToString("O", CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
        if (LocalProcesses.ReadNumber(Path.Combine(record.JobDirectory, "child.pid")) is { } child && !File.Exists(Path.Combine(record.JobDirectory, "exit_code")))
        {
            LocalProcesses.Signal(child, LocalProcesses.SignalTerm);
        }
    }

    internal async IAsyncEnumerable<TrainingJobSummary> ListAsync(ListTrainingJobsRequest request, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        request.Validate();
        var records = await state.ListAsync<LocalTrainingJobRecord>(LocalResourceKind.TrainingJob, cancellationToken).ConfigureAwait(false);
        var jobs = new List<DescribeTrainingJobResponse>();
        foreach (var record in records)
        {
            jobs.Add((await ReconcileAsync(record, cancellationToken).ConfigureAwait(false)).Description);
        }

        IEnumerable<DescribeTrainingJobResponse> query = jobs.Where(j =>
            (request.NameContains is null || j.TrainingJobName.Contains(request.NameContains, StringComparison.OrdinalIgnoreCase))
            && (request.StatusEquals is null || j.TrainingJobStatus == request.StatusEquals)
            && (request.CreationTimeAfter is null || j.CreationTime > request.CreationTimeAfter)
            && (request.CreationTimeBefore is null || j.CreationTime < request.CreationTimeBefore)
            && (request.LastModifiedTimeAfter is null || j.LastModifiedTime > request.LastModifiedTimeAfter)
            && (request.LastModifiedTimeBefore is null || j.LastModifiedTime < request.LastModifiedTimeBefore));
        var descending = request.SortOrder == SortOrder.Descending;
        query = request.SortBy switch
        {
            SortBy.Name => descending ? query.OrderByDescending(j => j.TrainingJobName, StringComparer.Ordinal) : query.OrderBy(j => j.TrainingJobName, StringComparer.Ordinal),
            SortBy.Status => descending ? query.OrderByDescending(j => j.TrainingJobStatus.ToString(), StringComparer.Ordinal) : query.OrderBy(j => j.TrainingJobStatus.ToString(), StringComparer.Ordinal),
            _ => descending ? query.OrderByDescending(j => j.CreationTime) : query.OrderBy(j => j.CreationTime),
        };
        foreach (var job in query)
        {
            yield return new TrainingJobSummary
            {
                TrainingJobName = job.TrainingJobName,
                TrainingJobArn = job.TrainingJobArn,
                CreationTime = job.CreationTime,
                TrainingEndTime = job.TrainingEndTime,
                LastModifiedTime = job.LastModifiedTime,
                TrainingJobStatus = job.TrainingJobStatus,
                SecondaryStatus = job.SecondaryStatus,
            };
        }
    }

    internal async Task<LocalTrainingJobRecord> GetAsync(string name, CancellationToken cancellationToken) =>
        await state.GetAsync<LocalTrainingJobRecord>(LocalResourceKind.TrainingJob, name, cancellationToken).ConfigureAwait(false)
        ?? throw LocalErrors.Validation($"Requested resource not found: training job {name} does not exist.", arns.For(LocalResourceKind.TrainingJob, name));

    /// <summary>Brings a job's record up to date with its supervisor's files; safe to run in several processes at once.</summary>
    internal async Task<LocalTrainingJobRecord> ReconcileAsync(LocalTrainingJobRecord record, CancellationToken cancellationToken)
    {
        if (record.IsFinal)
        {
            return record;
        }

        var directory = record.JobDirectory;
        var name = record.Description.TrainingJobName;
        var exitCodeFile = Path.Combine(directory, "exit_code");
        if (LocalProcesses.ReadNumber(exitCodeFile) is { } exitCode)
        {
            return await FinishFromExitCodeAsync(record, exitCode, cancellationToken).ConfigureAwait(false);
        }

        if (record.LaunchedAt is null)
        {
            if (timeProvider.GetUtcNow() - record.Description.CreationTime > options.LaunchTimeout)
            {
                return await FinishAsync(name, TrainingJobStatus.Failed, SecondaryStatus.Failed, "InternalServerError: the process that created this local job ended before starting it.", null, cancellationToken).ConfigureAwait(false);
            }

            return record;
        }

        var supervisor = LocalProcesses.ReadNumber(Path.Combine(directory, "supervisor.pid"));
        var maxRuntime = TimeSpan.FromSeconds(record.Description.StoppingCondition.MaxRuntimeInSeconds ?? DefaultMaxRuntimeSeconds);

        // A pid can be reused by an unrelated process, so liveness alone could keep a job InProgress forever: past
        // MaxRuntime plus the kill grace plus a minute, the supervisor must have written the exit code.
        var overdue = timeProvider.GetUtcNow() - record.LaunchedAt.Value > maxRuntime + options.StopGracePeriod + TimeSpan.FromMinutes(1);
        if ((overdue || (supervisor is { } pid && !LocalProcesses.IsAlive(pid))) && LocalProcesses.ReadNumber(exitCodeFile) is null)
        {
            return await FinishAsync(name, TrainingJobStatus.Failed, SecondaryStatus.Failed, "InternalServerError: the local training supervisor ended without recording the trainer's exit code (was it killed?).", null, cancellationToken).ConfigureAwait(false);
        }

        return record;
    }

    private static S3Uri ModelArtifactUri(S3Uri outputPath, string jobName) => outputPath.AsPrefix().Append($"{jobName}/output/model.tar.gz");

    private static string EnvironmentName(string name) => Regex.Replace(name.ToUpperInvariant(), "[^A-Z0-9_]", "_");

    private static DescribeTrainingJobResponse WithSecondary(DescribeTrainingJobResponse description, SecondaryStatus status, string message, DateTimeOffset now)
    {
        var transitions = (description.SecondaryStatusTransitions ?? []).ToList();
        if (transitions.Count > 0 && transitions[^1].EndTime is null)
        {
            transitions[^1] = transitions[^1] with { EndTime = now };
        }

        transitions.Add(new SecondaryStatusTransition { Status = status, StartTime = now, StatusMessage = message });
        return description with { SecondaryStatus = status, SecondaryStatusTransitions = transitions, LastModifiedTime = now };
    }

    private static bool HasFiles(string directory) => Directory.Exists(directory) && Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Any();

    private static string Truncate(string text) => text.Length <= MaxFailureReasonLength ? text : text[..(MaxFailureReasonLength - 3)] + "...";

    private async Task StageAndLaunchAsync(CreateTrainingJobRequest request, LocalImage image, string arn, string jobDirectory, CancellationToken cancellationToken)
    {
        var name = request.TrainingJobName;
        if (Directory.Exists(jobDirectory))
        {
            Directory.Delete(jobDirectory, recursive: true);
        }

        var baseDir = Path.Combine(jobDirectory, "opt", "ml");
        var configDir = Path.Combine(baseDir, "input", "config");
        var dataDir = Path.Combine(baseDir, "input", "data");
        var modelDir = Path.Combine(baseDir, "model");
        var outputDir = Path.Combine(baseDir, "output");
        var outputDataDir = Path.Combine(outputDir, "data");
        foreach (var folder in new[] { configDir, dataDir, modelDir, outputDataDir, Path.Combine(baseDir, "code"), Path.Combine(baseDir, "checkpoints") })
        {
            Directory.CreateDirectory(folder);
        }

        await SetSecondaryAsync(name, SecondaryStatus.Downloading, "Downloading input data", cancellationToken).ConfigureAwait(false);
        var channels = request.InputDataConfig ?? [];
        var inputConfig = new Dictionary<string, object>(StringComparer.Ordinal);
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var channel in channels)
        {
            var channelDir = Path.Combine(dataDir, channel.ChannelName);
            Directory.CreateDirectory(channelDir);
            var source = channel.DataSource.S3DataSource
                ?? throw new MlOpsException($"Channel '{channel.ChannelName}' has no S3DataSource; local mode stages channels from local buckets only.", "ClientError");
            if (source.S3DataType != S3DataType.S3Prefix)
            {
                throw new MlOpsException($"Channel '{channel.ChannelName}' uses S3DataType {source.S3DataType}; local mode supports S3Prefix.", "ClientError");
            }

            var prefix = S3Uri.Parse(source.S3Uri, $"InputDataConfig[{channel.ChannelName}].DataSource.S3DataSource.S3Uri");
            var exact = await artifacts.ExistsAsync(prefix, cancellationToken).ConfigureAwait(false);
            if (exact)
            {
                await artifacts.DownloadFileAsync(prefix, Path.Combine(channelDir, prefix.Key[(prefix.Key.LastIndexOf('/') + 1)..]), null, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await artifacts.DownloadDirectoryAsync(prefix.AsPrefix(), channelDir, null, cancellationToken).ConfigureAwait(false);
            }

            if (!HasFiles(channelDir))
            {
                throw new MlOpsException($"No objects found under {prefix} for channel '{channel.ChannelName}'.", "ClientError");
            }

            environment["SM_CHANNEL_" + EnvironmentName(channel.ChannelName)] = channelDir;
            inputConfig[channel.ChannelName] = new Dictionary<string, string>
            {
                ["ContentType"] = channel.ContentType ?? string.Empty,
                ["TrainingInputMode"] = (channel.InputMode ?? request.AlgorithmSpecification?.TrainingInputMode ?? TrainingInputMode.File).ToString(),
                ["S3DistributionType"] = (source.S3DataDistributionType ?? S3DataDistribution.FullyReplicated).ToString(),
                ["RecordWrapperType"] = "None",
            };
        }

        var hyperParameters = request.HyperParameters ?? new Dictionary<string, string>();
        var instanceType = request.ResourceConfig?.InstanceType ?? "local";
        await File.WriteAllTextAsync(Path.Combine(configDir, "hyperparameters.json"), JsonSerializer.Serialize(hyperParameters), cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(configDir, "inputdataconfig.json"), JsonSerializer.Serialize(inputConfig), cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(
            Path.Combine(configDir, "resourceconfig.json"),
            JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["current_host"] = CurrentHost,
                ["current_instance_type"] = instanceType,
                ["current_group_name"] = "homogeneousCluster",
                ["hosts"] = new[] { CurrentHost },
                ["network_interface_name"] = "lo",
            }),
            cancellationToken).ConfigureAwait(false);

        foreach (var (key, value) in request.Environment ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        environment["SAGEMAKER_BASE_DIR"] = baseDir;
        environment["SM_MODEL_DIR"] = modelDir;
        environment["SM_INPUT_DIR"] = Path.Combine(baseDir, "input");
        environment["SM_INPUT_CONFIG_DIR"] = configDir;
        environment["SM_OUTPUT_DIR"] = outputDir;
        environment["SM_OUTPUT_DATA_DIR"] = outputDataDir;
        environment["SM_CHANNELS"] = JsonSerializer.Serialize(channels.Select(c => c.ChannelName).Order(StringComparer.Ordinal));
        environment["SM_HPS"] = JsonSerializer.Serialize(hyperParameters);
        foreach (var (key, value) in hyperParameters)
        {
            environment["SM_HP_" + EnvironmentName(key)] = value;
        }

        environment["SM_CURRENT_HOST"] = CurrentHost;
        environment["SM_HOSTS"] = JsonSerializer.Serialize(new[] { CurrentHost });
        environment["SM_CURRENT_INSTANCE_TYPE"] = instanceType;
        environment["SM_NUM_CPUS"] = Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture);
        environment["SM_NUM_GPUS"] = "0";
        environment["TRAINING_JOB_NAME"] = name;
        environment["TRAINING_JOB_ARN"] = arn;
        environment["MLOPS_JOB_DIR"] = jobDirectory;
        var maxRuntime = request.StoppingCondition?.MaxRuntimeInSeconds ?? DefaultMaxRuntimeSeconds;
        environment["MLOPS_MAX_RUNTIME"] = maxRuntime.ToString(CultureInfo.InvariantCulture);
        environment["MLOPS_KILL_AFTER"] = Math.Max(1, (int)options.StopGracePeriod.TotalSeconds).ToString(CultureInfo.InvariantCulture);

        await SetSecondaryAsync(name, SecondaryStatus.Training, "Training image download completed. Training in progress.", cancellationToken).ConfigureAwait(false);
        await LocalProcesses.StartDetachedAsync(
            LocalSupervisorScripts.Training,
            Path.Combine(jobDirectory, "supervise.sh"),
            image.Folder,
            LocalProcesses.Command(image, "train"),
            environment,
            cancellationToken).ConfigureAwait(false);
        var now = timeProvider.GetUtcNow();
        await state.UpdateAsync<LocalTrainingJobRecord>(
            LocalResourceKind.TrainingJob,
            name,
            current => current with { LaunchedAt = now, Description = current.Description with { TrainingStartTime = now, LastModifiedTime = now } },
            cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Local training job {TrainingJobName} started: {Command}", name, string.Join(' ', image.EntryPoint));
    }

    private Task SetSecondaryAsync(string name, SecondaryStatus status, string message, CancellationToken cancellationToken) =>
        state.UpdateAsync<LocalTrainingJobRecord>(
            LocalResourceKind.TrainingJob,
            name,
            current => current.IsFinal ? current : current with { Description = WithSecondary(current.Description, status, message, timeProvider.GetUtcNow()) },
            cancellationToken);

    private async Task<LocalTrainingJobRecord> FinishFromExitCodeAsync(LocalTrainingJobRecord record, int exitCode, CancellationToken cancellationToken)
    {
        var directory = record.JobDirectory;
        var name = record.Description.TrainingJobName;
        var baseDir = Path.Combine(directory, "opt", "ml");
        var modelDir = Path.Combine(baseDir, "model");
        var stopped = record.StopRequested || File.Exists(Path.Combine(directory, "stop_requested"));
        var metrics = ParseMetrics(record);
        var hasModel = HasFiles(modelDir);

        // SageMaker keeps what a stopped job saved in /opt/ml/model, so a stopped job with a model still gets one.
        if (hasModel && (exitCode == 0 || stopped || exitCode == 124))
        {
            try
            {
                await UploadOutputsAsync(record, baseDir, cancellationToken).ConfigureAwait(false);
            }
            catch (MlOpsException ex) when (ex.ErrorCode == LocalModelArchive.UnsafeArchiveErrorCode)
            {
                return await FinishAsync(name, TrainingJobStatus.Failed, SecondaryStatus.Failed, Truncate("ClientError: " + ex.Message), metrics, cancellationToken).ConfigureAwait(false);
            }
        }

        if (stopped)
        {
            return await FinishAsync(name, TrainingJobStatus.Stopped, SecondaryStatus.Stopped, null, metrics, cancellationToken).ConfigureAwait(false);
        }

        if (exitCode == 124)
        {
            return await FinishAsync(name, TrainingJobStatus.Stopped, SecondaryStatus.MaxRuntimeExceeded, "The job stopped because it exceeded the maximum allowed runtime.", metrics, cancellationToken).ConfigureAwait(false);
        }

        if (exitCode != 0)
        {
            var failureFile = Path.Combine(baseDir, "output", "failure");
            var failure = File.Exists(failureFile) ? (await File.ReadAllTextAsync(failureFile, cancellationToken).ConfigureAwait(false)).Trim() : string.Empty;
            var reason = failure.Length > 0
                ? "AlgorithmError: " + failure
                : $"AlgorithmError: the training process exited with code {exitCode} and wrote no /opt/ml/output/failure. See the job's log.";
            return await FinishAsync(name, TrainingJobStatus.Failed, SecondaryStatus.Failed, Truncate(reason), metrics, cancellationToken).ConfigureAwait(false);
        }

        if (!hasModel)
        {
            return await FinishAsync(name, TrainingJobStatus.Failed, SecondaryStatus.Failed, "AlgorithmError: the training process exited with code 0 but wrote no files to /opt/ml/model (SM_MODEL_DIR), so there is no model to upload.", metrics, cancellationToken).ConfigureAwait(false);
        }

        return await FinishAsync(name, TrainingJobStatus.Completed, SecondaryStatus.Completed, null, metrics, cancellationToken).ConfigureAwait(false);
    }

    private async Task UploadOutputsAsync(LocalTrainingJobRecord record, string baseDir, CancellationToken cancellationToken)
    {
        var modelUri = S3Uri.Parse(record.Description.ModelArtifacts.S3ModelArtifacts);
        var temporary = Path.Combine(record.JobDirectory, $"model-{Guid.NewGuid():N}.tar.gz");
        try
        {
            await LocalModelArchive.CreateAsync(Path.Combine(baseDir, "model"), temporary, cancellationToken).ConfigureAwait(false);
            await artifacts.UploadFileAsync(temporary, modelUri, null, cancellationToken).ConfigureAwait(false);
            var outputData = Path.Combine(baseDir, "output", "data");
            if (HasFiles(outputData))
            {
                await LocalModelArchive.CreateAsync(outputData, temporary, cancellationToken).ConfigureAwait(false);
                var outputUri = S3Uri.Create(modelUri.Bucket, modelUri.Key[..modelUri.Key.LastIndexOf('/')] + "/output.tar.gz");
                await artifacts.UploadFileAsync(temporary, outputUri, null, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private List<MetricData>? ParseMetrics(LocalTrainingJobRecord record)
    {
        var definitions = record.Description.AlgorithmSpecification?.MetricDefinitions;
        if (definitions is null || definitions.Count == 0)
        {
            return null;
        }

        var events = LocalTrainingLog.Read(record.JobDirectory);
        var metrics = new List<MetricData>();
        foreach (var definition in definitions)
        {
            Regex regex;
            try
            {
                regex = new Regex(definition.Regex, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException ex)
            {
                logger.LogWarning(ex, "Metric {MetricName} has an invalid regex and is skipped", definition.Name);
                continue;
            }

            MetricData? last = null;
            foreach (var logEvent in events)
            {
                foreach (Match match in regex.Matches(logEvent.Message))
                {
                    var text = match.Groups.Count > 1 ? match.Groups[1].Value : match.Value;
                    if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                    {
                        last = new MetricData { MetricName = definition.Name, Value = value, Timestamp = logEvent.Timestamp };
                    }
                }
            }

            if (last is not null)
            {
                metrics.Add(last);
            }
        }

        return metrics;
    }

    private async Task<LocalTrainingJobRecord> FinishAsync(
        string name,
        TrainingJobStatus status,
        SecondaryStatus secondary,
        string? reason,
        List<MetricData>? metrics,
        CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var message = secondary switch
        {
            SecondaryStatus.Completed => "Training job completed",
            SecondaryStatus.Stopped => "The training job has stopped.",
            SecondaryStatus.MaxRuntimeExceeded => "The job stopped because it exceeded the maximum allowed runtime.",
            _ => "Training job failed",
        };
        var updated = await state.UpdateAsync<LocalTrainingJobRecord>(
            LocalResourceKind.TrainingJob,
            name,
            current =>
            {
                if (current.IsFinal)
                {
                    return current;
                }

                var exitTime = File.Exists(Path.Combine(current.JobDirectory, "exit_code"))
                    ? new DateTimeOffset(File.GetLastWriteTimeUtc(Path.Combine(current.JobDirectory, "exit_code")))
                    : now;
                var end = exitTime > now ? now : exitTime;
                var start = current.Description.TrainingStartTime ?? current.Description.CreationTime;
                var seconds = (int)Math.Max(1, Math.Ceiling((end - start).TotalSeconds));
                return current with
                {
                    Description = WithSecondary(current.Description, secondary, message, now) with
                    {
                        TrainingJobStatus = status,
                        FailureReason = reason,
                        FinalMetricDataList = metrics,
                        TrainingEndTime = end,
                        TrainingTimeInSeconds = seconds,
                        BillableTimeInSeconds = seconds,
                    },
                };
            },
            cancellationToken).ConfigureAwait(false);
        if (updated is null)
        {
            throw LocalErrors.Validation($"Requested resource not found: training job {name} does not exist.", arns.For(LocalResourceKind.TrainingJob, name));
        }

        if (updated.Description.SecondaryStatusTransitions is { Count: > 0 } transitions && transitions[^1].EndTime is null)
        {
            logger.LogInformation("Local training job {TrainingJobName} ended {Status}: {Reason}", name, updated.Description.TrainingJobStatus, updated.Description.FailureReason ?? "ok");
        }

        return updated;
    }
}
