using System.Globalization;
using Microsoft.Extensions.Logging;
using MlOps.Sdk.Packaging;
using MlOps.Sdk.SageMaker;
using MlOps.Sdk.Storage;

namespace MlOps.Sdk.Local;

/// <summary>
/// Local training jobs: each host runs <c>&lt;entry point&gt; train</c> as a <see cref="SupervisedProcess"/>, and the
/// job's state is reconciled lazily, idempotently, by whichever process describes it next.
/// </summary>
internal sealed class LocalTrainingJobs(
    LocalStateStore state,
    LocalImageRegistry images,
    LocalArns arns,
    LocalOptions options,
    LocalTrainingChannels channels,
    LocalTrainingOutputs outputs,
    LocalProcessSupervisor supervisor,
    TimeProvider timeProvider,
    ILogger logger)
{
    private const int DefaultMaxRuntimeSeconds = 86_400;

    private const int MaxFailureReasonLength = 1024;

    internal LocalImageRegistry Images => images;

    internal async Task<CreateTrainingJobResponse> CreateAsync(CreateTrainingJobRequest request, CancellationToken cancellationToken)
    {
        var name = request.TrainingJobName;
        var arn = arns.For(LocalResourceKind.TrainingJob, name);
        var hostCount = request.ResourceConfig?.InstanceCount ?? 1;
        if (hostCount < 1)
        {
            throw LocalErrors.Validation($"ResourceConfig.InstanceCount must be at least 1 for a training job (got {hostCount}).", arn);
        }

        if (hostCount > options.MaxTrainingInstanceCount)
        {
            throw LocalErrors.ResourceLimitExceeded(
                $"The account-level service limit 'local training instances per job' is {options.MaxTrainingInstanceCount} Instances, with current utilization of 0 Instances and a request delta of {hostCount} Instances. Raise LocalOptions.MaxTrainingInstanceCount (MlOps:Local:MaxTrainingInstanceCount) if this machine has the cores.",
                arn);
        }

        var now = LocalTimestamp.Now(timeProvider);
        var outputPath = S3Uri.Parse(request.OutputDataConfig.S3OutputPath, "CreateTrainingJobRequest.OutputDataConfig.S3OutputPath");
        var jobDirectory = Path.Combine(state.Home, "training-jobs", name);
        var record = new LocalTrainingJobRecord
        {
            JobDirectory = jobDirectory,
            Hosts = LocalTrainingCluster.Allocate(jobDirectory, hostCount),
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

        // A job whose trainer has exited stays InProgress in the database until someone reconciles it; its pool has to
        // be seen as Available before this job can take it over.
        await ReconcileWarmPoolJobsAsync(cancellationToken).ConfigureAwait(false);
        var keepAlive = request.ResourceConfig?.KeepAlivePeriodInSeconds ?? 0;
        var inserted = await state.WriteAsync(
            t =>
            {
                // One transaction claims the pool and inserts the job, so two jobs never take over the same pool.
                var claimed = ClaimWarmPool(t, request, now);
                record = record with
                {
                    WarmPool = claimed is not null
                        ? new LocalWarmPool { CacheDirectory = claimed.WarmPool!.CacheDirectory, StartedAt = claimed.WarmPool.StartedAt, ReusedFromJob = claimed.Description.TrainingJobName }
                        : keepAlive > 0 ? new LocalWarmPool { CacheDirectory = Path.Combine(state.Home, "warm-pools", name), StartedAt = now } : null,
                };
                if (!t.TryInsert(LocalResourceKind.TrainingJob, name, arn, now, record))
                {
                    return false;
                }

                if (claimed is not null)
                {
                    t.Replace(LocalResourceKind.TrainingJob, claimed.Description.TrainingJobName, claimed with { WarmPool = claimed.WarmPool! with { ReusedByJob = name, ReusedAt = now } });
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
        if (record.WarmPool?.ReusedFromJob is { } reusedFrom)
        {
            logger.LogInformation("Local training job {TrainingJobName} reuses the warm pool of {ReusedFromJob}", name, reusedFrom);
        }

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

            await StageAndLaunchAsync(request, record, image, arn, cancellationToken).ConfigureAwait(false);
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
        var record = await GetAsync(request.TrainingJobName, cancellationToken).ConfigureAwait(false);
        return WithWarmPoolStatus(await ReconcileAsync(record, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>The description with its warm pool's status now: Available turns into Terminated by the clock alone.</summary>
    private DescribeTrainingJobResponse WithWarmPoolStatus(LocalTrainingJobRecord record) =>
        record.WarmPool is null ? record.Description : record.Description with { WarmPoolStatus = LocalWarmPool.StatusOf(record, LocalTimestamp.Now(timeProvider)) };

    private async Task ReconcileWarmPoolJobsAsync(CancellationToken cancellationToken)
    {
        var records = await state.ListAsync<LocalTrainingJobRecord>(LocalResourceKind.TrainingJob, cancellationToken).ConfigureAwait(false);
        var now = LocalTimestamp.Now(timeProvider);
        foreach (var record in records.Where(r => r.WarmPool is not null))
        {
            var current = await ReconcileAsync(record, cancellationToken).ConfigureAwait(false);

            // The last job of a pool that ended unused holds its cache folder; nothing can reuse it any more.
            if (current.WarmPool is { ReusedByJob: null } pool
                && LocalWarmPool.StatusOf(current, now)?.Status == WarmPoolResourceStatus.Terminated
                && Directory.Exists(pool.CacheDirectory))
            {
                Directory.Delete(pool.CacheDirectory, recursive: true);
            }
        }
    }

    /// <summary>The ended job whose Available pool matches the request, the most recently ended first; null when none does.</summary>
    private LocalTrainingJobRecord? ClaimWarmPool(LocalStateTransaction transaction, CreateTrainingJobRequest request, DateTimeOffset now) =>
        transaction.List<LocalTrainingJobRecord>(LocalResourceKind.TrainingJob)
            .Where(r => LocalWarmPool.StatusOf(r, now)?.Status == WarmPoolResourceStatus.Available && LocalWarmPool.Matches(request, r.Description))
            .OrderByDescending(r => r.Description.TrainingEndTime)
            .FirstOrDefault();

    internal async Task StopAsync(StopTrainingJobRequest request, CancellationToken cancellationToken)
    {
        var name = request.TrainingJobName;
        var record = await ReconcileAsync(await GetAsync(name, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        if (record.IsFinal)
        {
            throw LocalErrors.Validation($"The request was rejected because the training job is in status {record.Description.TrainingJobStatus}.", record.Description.TrainingJobArn);
        }

        var now = LocalTimestamp.Now(timeProvider);
        await state.UpdateAsync<LocalTrainingJobRecord>(
            LocalResourceKind.TrainingJob,
            name,
            current => current.IsFinal || current.StopRequested ? current : current with
            {
                StopRequestedAt = now,
                Description = WithSecondary(current.Description, SecondaryStatus.Stopping, "Stopping the training job.", now) with { TrainingJobStatus = TrainingJobStatus.Stopping },
            },
            cancellationToken).ConfigureAwait(false);
        foreach (var host in record.Hosts)
        {
            await Trainer(host).RequestStopAsync(now.ToString("O", CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
        }
    }

    internal async IAsyncEnumerable<TrainingJobSummary> ListAsync(ListTrainingJobsRequest request, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var records = await state.ListAsync<LocalTrainingJobRecord>(LocalResourceKind.TrainingJob, cancellationToken).ConfigureAwait(false);
        var jobs = new List<DescribeTrainingJobResponse>();
        foreach (var record in records)
        {
            jobs.Add(WithWarmPoolStatus(await ReconcileAsync(record, cancellationToken).ConfigureAwait(false)));
        }

        IEnumerable<DescribeTrainingJobResponse> query = jobs.Where(j =>
            (request.NameContains is null || j.TrainingJobName.Contains(request.NameContains, StringComparison.OrdinalIgnoreCase))
            && (request.StatusEquals is null || j.TrainingJobStatus == request.StatusEquals)
            && LocalTimestamp.IsAfter(j.CreationTime, request.CreationTimeAfter)
            && LocalTimestamp.IsBefore(j.CreationTime, request.CreationTimeBefore)
            && LocalTimestamp.IsAfter(j.LastModifiedTime, request.LastModifiedTimeAfter)
            && LocalTimestamp.IsBefore(j.LastModifiedTime, request.LastModifiedTimeBefore));
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
                WarmPoolStatus = job.WarmPoolStatus,
            };
        }
    }

    internal async Task<LocalTrainingJobRecord> GetAsync(string name, CancellationToken cancellationToken) =>
        await state.GetAsync<LocalTrainingJobRecord>(LocalResourceKind.TrainingJob, name, cancellationToken).ConfigureAwait(false)
        ?? throw LocalErrors.MissingAsValidation($"Requested resource not found: training job {name} does not exist.", arns.For(LocalResourceKind.TrainingJob, name));

    /// <summary>Brings a job's record up to date with its supervisor's files; safe to run in several processes at once.</summary>
    internal async Task<LocalTrainingJobRecord> ReconcileAsync(LocalTrainingJobRecord record, CancellationToken cancellationToken)
    {
        if (record.IsFinal)
        {
            return record;
        }

        var name = record.Description.TrainingJobName;
        var trainers = record.Hosts.Select(Trainer).ToList();
        var exitCodes = trainers.Select(t => t.ExitCode).ToList();
        if (exitCodes.All(code => code is not null))
        {
            return await FinishFromExitCodesAsync(record, [.. exitCodes.Select(code => code!.Value)], cancellationToken).ConfigureAwait(false);
        }

        if (record.LaunchedAt is not { } launchedAt)
        {
            if (LocalTimestamp.Now(timeProvider) - record.Description.CreationTime > options.LaunchTimeout)
            {
                return await FinishAsync(name, TrainingJobStatus.Failed, SecondaryStatus.Failed, "InternalServerError: the process that created this local job ended before starting it.", null, cancellationToken).ConfigureAwait(false);
            }

            return record;
        }

        record = await EndHostsAsync(record, exitCodes, cancellationToken).ConfigureAwait(false);
        var maxRuntime = TimeSpan.FromSeconds(record.Description.StoppingCondition.MaxRuntimeInSeconds ?? DefaultMaxRuntimeSeconds);

        // A pid can be reused by an unrelated process, so liveness alone could keep a job InProgress forever: past
        // MaxRuntime plus the kill grace plus a minute, every supervisor must have written its exit code.
        var overdue = LocalTimestamp.Now(timeProvider) - launchedAt > maxRuntime + options.StopGracePeriod + TimeSpan.FromMinutes(1);
        for (var i = 0; i < record.Hosts.Count; i++)
        {
            var host = record.Hosts[i];
            if (exitCodes[i] is null && (overdue || trainers[i].SupervisorEnded) && trainers[i].ExitCode is null)
            {
                KillHosts(record.Hosts);
                var who = record.Hosts.Count == 1 ? "the local training supervisor" : $"the local training supervisor of {host.Name}";
                return await FinishAsync(name, TrainingJobStatus.Failed, SecondaryStatus.Failed, $"InternalServerError: {who} ended without recording the trainer's exit code (was it killed?).", null, cancellationToken).ConfigureAwait(false);
            }
        }

        return record;
    }

    /// <summary>
    /// Ends the hosts of a job that is stopping: SageMaker fails a job when any of its instances fails and ends the
    /// others, so the first host seen to fail is recorded and the other hosts get SIGTERM; after a stop or such a
    /// failure, the hosts still running after the stop grace period get SIGKILL (SageMaker waits 120 s).
    /// </summary>
    private async Task<LocalTrainingJobRecord> EndHostsAsync(LocalTrainingJobRecord record, List<int?> exitCodes, CancellationToken cancellationToken)
    {
        var now = LocalTimestamp.Now(timeProvider);
        if ((record.StopRequestedAt ?? record.HostFailure?.NoticedAt) is { } endingSince)
        {
            if (now - endingSince > supervisor.StopGracePeriod)
            {
                KillHosts(record.Hosts);
            }

            return record;
        }

        var failed = record.Hosts
            .Select((host, i) => (Host: host, Code: exitCodes[i]))
            .Where(h => h.Code is { } code && code != 0)
            .OrderBy(h => File.GetLastWriteTimeUtc(h.Host.ExitCodeFile))
            .Select(h => h.Host)
            .FirstOrDefault();
        if (failed is null)
        {
            return record;
        }

        var updated = await state.UpdateAsync<LocalTrainingJobRecord>(
            LocalResourceKind.TrainingJob,
            record.Description.TrainingJobName,
            current => current.IsFinal || current.HostFailure is not null ? current : current with { HostFailure = new LocalTrainingHostFailure(failed.Name, now) },
            cancellationToken).ConfigureAwait(false) ?? record;
        logger.LogInformation("Local training job {TrainingJobName}: host {Host} failed, ending the other hosts", record.Description.TrainingJobName, failed.Name);
        foreach (var host in updated.Hosts)
        {
            Trainer(host).Terminate();
        }

        return updated;
    }

    /// <summary>
    /// The trainer of a host, whichever process started it. It runs under coreutils <c>timeout</c>, which passes
    /// SIGTERM on to the trainer's whole process group; SIGKILL cannot be passed on, so a kill goes to the group.
    /// </summary>
    private SupervisedProcess Trainer(LocalTrainingHost host) => supervisor.Attach(host.Directory);

    private void KillHosts(IEnumerable<LocalTrainingHost> hosts)
    {
        foreach (var host in hosts)
        {
            Trainer(host).Kill();
        }
    }

    private static S3Uri ModelArtifactUri(S3Uri outputPath, string jobName) => outputPath.AsPrefix().Append($"{jobName}/output/model.tar.gz");

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

    private static string Truncate(string text) => text.Length <= MaxFailureReasonLength ? text : text[..(MaxFailureReasonLength - 3)] + "...";

    private async Task StageAndLaunchAsync(CreateTrainingJobRequest request, LocalTrainingJobRecord record, LocalImage image, string arn, CancellationToken cancellationToken)
    {
        var name = request.TrainingJobName;
        var jobDirectory = record.JobDirectory;
        if (Directory.Exists(jobDirectory))
        {
            Directory.Delete(jobDirectory, recursive: true);
        }

        var hosts = record.Hosts;
        foreach (var host in hosts)
        {
            foreach (var folder in LocalTrainingContainer.Folders(host))
            {
                Directory.CreateDirectory(folder);
            }
        }

        await SetSecondaryAsync(name, SecondaryStatus.Downloading, "Downloading input data", cancellationToken).ConfigureAwait(false);
        foreach (var channel in request.InputDataConfig ?? [])
        {
            await channels.StageAsync(channel, hosts, cancellationToken).ConfigureAwait(false);
        }

        var maxRuntime = request.StoppingCondition?.MaxRuntimeInSeconds ?? DefaultMaxRuntimeSeconds;
        var jobVariables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["TRAINING_JOB_NAME"] = name,
            ["TRAINING_JOB_ARN"] = arn,
        };
        var environments = new List<Dictionary<string, string>>();
        foreach (var host in hosts)
        {
            var environment = await LocalTrainingContainer.PrepareAsync(request, hosts, host, jobVariables, cancellationToken).ConfigureAwait(false);
            if (record.WarmPool is { } pool)
            {
                // The folder survives the job: the next job of the pool finds there what this one left.
                var cache = pool.HostCacheDirectory(host);
                Directory.CreateDirectory(cache);
                environment[LocalWarmPool.CacheDirectoryVariable] = cache;
            }

            environments.Add(environment);
        }

        await SetSecondaryAsync(name, SecondaryStatus.Training, "Training image download completed. Training in progress.", cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < hosts.Count; i++)
        {
            await supervisor.StartAsync(
                new SupervisedProcessStart
                {
                    Directory = hosts[i].Directory,
                    Command = LocalProcesses.Command(image, "train"),
                    WorkingDirectory = image.Folder,
                    Environment = environments[i],
                    MaxRuntimeSeconds = maxRuntime,
                    KillAfterSeconds = Math.Max(1, (int)supervisor.StopGracePeriod.TotalSeconds),
                },
                cancellationToken).ConfigureAwait(false);
        }

        var now = LocalTimestamp.Now(timeProvider);
        await state.UpdateAsync<LocalTrainingJobRecord>(
            LocalResourceKind.TrainingJob,
            name,
            current => current with { LaunchedAt = now, Description = current.Description with { TrainingStartTime = now, LastModifiedTime = now } },
            cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Local training job {TrainingJobName} started on {HostCount} host(s): {Command}", name, hosts.Count, string.Join(' ', image.EntryPoint));
    }

    private Task SetSecondaryAsync(string name, SecondaryStatus status, string message, CancellationToken cancellationToken) =>
        state.UpdateAsync<LocalTrainingJobRecord>(
            LocalResourceKind.TrainingJob,
            name,
            current => current.IsFinal ? current : current with { Description = WithSecondary(current.Description, status, message, LocalTimestamp.Now(timeProvider)) },
            cancellationToken);

    private async Task<LocalTrainingJobRecord> FinishFromExitCodesAsync(LocalTrainingJobRecord record, IReadOnlyList<int> exitCodes, CancellationToken cancellationToken)
    {
        var name = record.Description.TrainingJobName;
        var leader = record.Leader;
        var stopped = record.StopRequested || record.Hosts.Any(h => Trainer(h).StopRequested);
        var maxRuntimeExceeded = exitCodes.Contains(LocalTrainingFailures.MaxRuntimeExitCode);
        var failedHost = LocalTrainingFailures.FirstFailedHost(record, exitCodes);
        var metrics = LocalTrainingMetrics.Extract(record, logger);
        var hasModel = LocalTrainingOutputs.HasFiles(leader.ModelDirectory);

        // SageMaker keeps what a stopped job saved in /opt/ml/model, so a stopped job with a model still gets one.
        if (hasModel && (exitCodes.All(code => code == 0) || stopped || (maxRuntimeExceeded && failedHost is null)))
        {
            try
            {
                await outputs.UploadAsync(record, cancellationToken).ConfigureAwait(false);
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

        if (failedHost is not null)
        {
            var reason = await LocalTrainingFailures.ReasonAsync(record, failedHost, exitCodes, cancellationToken).ConfigureAwait(false);
            return await FinishAsync(name, TrainingJobStatus.Failed, SecondaryStatus.Failed, Truncate(reason), metrics, cancellationToken).ConfigureAwait(false);
        }

        if (maxRuntimeExceeded)
        {
            return await FinishAsync(name, TrainingJobStatus.Stopped, SecondaryStatus.MaxRuntimeExceeded, "The job stopped because it exceeded the maximum allowed runtime.", metrics, cancellationToken).ConfigureAwait(false);
        }

        if (!hasModel)
        {
            var where = record.Hosts.Count == 1 ? "the training process" : $"the training process on {leader.Name}, the host the model is taken from,";
            return await FinishAsync(name, TrainingJobStatus.Failed, SecondaryStatus.Failed, $"AlgorithmError: {where} exited with code 0 but wrote no files to /opt/ml/model (SM_MODEL_DIR), so there is no model to upload.", metrics, cancellationToken).ConfigureAwait(false);
        }

        return await FinishAsync(name, TrainingJobStatus.Completed, SecondaryStatus.Completed, null, metrics, cancellationToken).ConfigureAwait(false);
    }

    private async Task<LocalTrainingJobRecord> FinishAsync(
        string name,
        TrainingJobStatus status,
        SecondaryStatus secondary,
        string? reason,
        List<MetricData>? metrics,
        CancellationToken cancellationToken)
    {
        var now = LocalTimestamp.Now(timeProvider);
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

                var exitFiles = current.Hosts.Select(h => h.ExitCodeFile).Where(File.Exists).ToList();
                var exitTime = exitFiles.Count > 0
                    ? LocalTimestamp.Of(new DateTimeOffset(exitFiles.Max(File.GetLastWriteTimeUtc)))
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
            throw LocalErrors.MissingAsValidation($"Requested resource not found: training job {name} does not exist.", arns.For(LocalResourceKind.TrainingJob, name));
        }

        if (updated.Description.SecondaryStatusTransitions is { Count: > 0 } transitions && transitions[^1].EndTime is null)
        {
            logger.LogInformation("Local training job {TrainingJobName} ended {Status}: {Reason}", name, updated.Description.TrainingJobStatus, updated.Description.FailureReason ?? "ok");
        }

        return updated;
    }
}
