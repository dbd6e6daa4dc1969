using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.Logging;
using MlOps.Sdk.SageMaker;
using MlOps.Sdk.Storage;

namespace MlOps.Sdk.Local;

/// <summary>
/// Local endpoints: each production variant runs <c>&lt;entry point&gt; serve</c> on a free loopback port under a
/// detached supervisor, so endpoints outlive the process that created them. Health checks, blue/green switches, crash
/// detection and the stopping of old fleets happen lazily, idempotently, whenever any process describes, invokes,
/// lists or deletes the endpoint. A crashed process is not restarted: the endpoint shows as Failed with the log's tail.
/// </summary>
internal sealed class LocalEndpoints(
    LocalStateStore state,
    LocalArtifactStore artifacts,
    LocalImageRegistry images,
    LocalModelRegistry registry,
    LocalModels models,
    LocalArns arns,
    LocalOptions options,
    HttpClient http,
    TimeProvider timeProvider,
    ILogger logger)
{
    /// <summary>The variable that tells a model server which address to listen on; the template's server reads it.</summary>
    internal const string BindAddressVariable = "MLOPS_BIND_ADDRESS";

    private const int LogTailLines = 20;

    internal async Task<CreateEndpointResponse> CreateAsync(CreateEndpointRequest request, CancellationToken cancellationToken)
    {
        request.Validate();
        var name = request.EndpointName;
        var config = await models.GetConfigAsync(request.EndpointConfigName, cancellationToken).ConfigureAwait(false);
        var arn = arns.For(LocalResourceKind.Endpoint, name);
        var now = timeProvider.GetUtcNow();
        var record = new LocalEndpointRecord
        {
            Description = new DescribeEndpointResponse
            {
                EndpointName = name,
                EndpointArn = arn,
                EndpointConfigName = config.EndpointConfigName,
                EndpointStatus = EndpointStatus.Creating,
                CreationTime = now,
                LastModifiedTime = now,
                LastDeploymentConfig = request.DeploymentConfig,
            },
        };
        var inserted = await state.WriteAsync(
            t =>
            {
                if (!t.TryInsert(LocalResourceKind.Endpoint, name, arn, now, record))
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
            throw LocalErrors.InUse($"Cannot create already existing endpoint \"{arn}\".", arn);
        }

        LocalDeployment deployment;
        try
        {
            deployment = await LaunchAsync(name, config, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The endpoint exists now: whatever stops its launch ends it Failed, so nobody waits on it forever.
            var reason = ex is OperationCanceledException ? "The launch of the endpoint was cancelled." : ex.Message;
            await SetAsync(name, r => r.Description.EndpointStatus == EndpointStatus.Creating && r.Current is null ? Failed(r, reason) : r, CancellationToken.None).ConfigureAwait(false);
            if (ex is OperationCanceledException)
            {
                throw;
            }

            return new CreateEndpointResponse { EndpointArn = arn };
        }

        var stored = await SetAsync(
            name,
            r => r.Description.EndpointStatus == EndpointStatus.Creating && r.Current is null ? r with { Current = deployment } : r,
            CancellationToken.None).ConfigureAwait(false);
        if (stored?.Current?.Id != deployment.Id)
        {
            // Deleted (or failed) while starting: nobody else knows these processes, so stop them here.
            await StopAsync(deployment.Instances, CancellationToken.None).ConfigureAwait(false);
        }

        return new CreateEndpointResponse { EndpointArn = arn };
    }

    internal async Task<DescribeEndpointResponse> DescribeAsync(DescribeEndpointRequest request, CancellationToken cancellationToken)
    {
        request.Validate();
        return (await GetReconciledAsync(request.EndpointName, cancellationToken).ConfigureAwait(false)).Description;
    }

    internal async Task<LocalEndpointRecord> GetReconciledAsync(string name, CancellationToken cancellationToken)
    {
        var record = await state.GetAsync<LocalEndpointRecord>(LocalResourceKind.Endpoint, name, cancellationToken).ConfigureAwait(false)
            ?? throw NotFound(name);
        return await ReconcileAsync(record, cancellationToken).ConfigureAwait(false);
    }

    internal async Task<UpdateEndpointResponse> UpdateAsync(UpdateEndpointRequest request, CancellationToken cancellationToken)
    {
        request.Validate();
        var name = request.EndpointName;
        var config = await models.GetConfigAsync(request.EndpointConfigName, cancellationToken).ConfigureAwait(false);
        request.ValidateAgainstConfig(config);
        await GetReconciledAsync(name, cancellationToken).ConfigureAwait(false);
        var now = timeProvider.GetUtcNow();
        var outcome = await state.WriteAsync(
            t =>
            {
                var record = t.Get<LocalEndpointRecord>(LocalResourceKind.Endpoint, name);
                if (record is null)
                {
                    return null;
                }

                if (record.Description.EndpointStatus != EndpointStatus.InService || record.Current is null)
                {
                    return record;
                }

                var deploymentConfig = request.RetainDeploymentConfig == true ? record.Description.LastDeploymentConfig : request.DeploymentConfig ?? record.Description.LastDeploymentConfig;
                var next = record with
                {
                    PendingConfigName = config.EndpointConfigName,
                    Description = record.Description with
                    {
                        EndpointStatus = EndpointStatus.Updating,
                        FailureReason = null,
                        LastModifiedTime = now,
                        LastDeploymentConfig = deploymentConfig,
                    },
                };
                t.Replace(LocalResourceKind.Endpoint, name, next);
                return next;
            },
            cancellationToken).ConfigureAwait(false);
        if (outcome is null)
        {
            throw NotFound(name);
        }

        if (outcome.Description.EndpointStatus != EndpointStatus.Updating || outcome.PendingConfigName != config.EndpointConfigName || outcome.Pending is not null)
        {
            throw LocalErrors.Validation(
                $"Cannot update endpoint \"{outcome.Description.EndpointArn}\" while it is {outcome.Description.EndpointStatus}: it must be InService.",
                outcome.Description.EndpointArn);
        }

        LocalDeployment deployment;
        try
        {
            deployment = await LaunchAsync(name, config, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            var reason = ex is OperationCanceledException ? "The launch of the new configuration was cancelled." : ex.Message;
            await SetAsync(name, r => r.Description.EndpointStatus == EndpointStatus.Updating && r.Pending is null ? RolledBack(r, reason) : r, CancellationToken.None).ConfigureAwait(false);
            if (ex is OperationCanceledException)
            {
                throw;
            }

            return new UpdateEndpointResponse { EndpointArn = outcome.Description.EndpointArn };
        }

        if (request.RetainAllVariantProperties == true && outcome.Current is { } serving)
        {
            deployment = Retained(deployment, serving);
        }

        var stored = await SetAsync(
            name,
            r => r.Description.EndpointStatus == EndpointStatus.Updating && r.Pending is null ? r with { Pending = deployment } : r,
            CancellationToken.None).ConfigureAwait(false);
        if (stored?.Pending?.Id != deployment.Id)
        {
            await StopAsync(deployment.Instances, CancellationToken.None).ConfigureAwait(false);
        }

        return new UpdateEndpointResponse { EndpointArn = outcome.Description.EndpointArn };
    }

    internal async Task DeleteAsync(DeleteEndpointRequest request, CancellationToken cancellationToken)
    {
        request.Validate();
        var name = request.EndpointName;
        var record = await state.WriteAsync(
            t =>
            {
                var found = t.Get<LocalEndpointRecord>(LocalResourceKind.Endpoint, name);
                if (found is not null)
                {
                    t.Delete(LocalResourceKind.Endpoint, name);
                }

                return found;
            },
            cancellationToken).ConfigureAwait(false) ?? throw NotFound(name);
        var instances = (record.Current?.Instances ?? []).Concat(record.Pending?.Instances ?? []).Concat(record.Retiring).ToList();
        await StopAsync(instances, cancellationToken).ConfigureAwait(false);
        foreach (var folder in instances.Select(i => Path.GetDirectoryName(i.Directory)!).Distinct(StringComparer.Ordinal))
        {
            TryDeleteFolder(folder);
        }

        logger.LogInformation("Local endpoint {EndpointName} deleted; {Count} process(es) stopped", name, instances.Count);
    }

    internal async IAsyncEnumerable<EndpointSummary> ListAsync(ListEndpointsRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        request.Validate();
        var records = await state.ListAsync<LocalEndpointRecord>(LocalResourceKind.Endpoint, cancellationToken).ConfigureAwait(false);
        var endpoints = new List<DescribeEndpointResponse>();
        foreach (var record in records)
        {
            endpoints.Add((await ReconcileAsync(record, cancellationToken).ConfigureAwait(false)).Description);
        }

        var query = endpoints.Where(e =>
            (request.NameContains is null || e.EndpointName.Contains(request.NameContains, StringComparison.OrdinalIgnoreCase))
            && (request.StatusEquals is null || e.EndpointStatus == request.StatusEquals)
            && (request.CreationTimeAfter is null || e.CreationTime > request.CreationTimeAfter)
            && (request.CreationTimeBefore is null || e.CreationTime < request.CreationTimeBefore)
            && (request.LastModifiedTimeAfter is null || e.LastModifiedTime > request.LastModifiedTimeAfter)
            && (request.LastModifiedTimeBefore is null || e.LastModifiedTime < request.LastModifiedTimeBefore));
        var ascending = request.SortOrder == "Ascending";
        query = request.SortBy switch
        {
            EndpointSortKey.Name => ascending ? query.OrderBy(e => e.EndpointName, StringComparer.Ordinal) : query.OrderByDescending(e => e.EndpointName, StringComparer.Ordinal),
            EndpointSortKey.Status => ascending ? query.OrderBy(e => e.EndpointStatus.ToString(), StringComparer.Ordinal) : query.OrderByDescending(e => e.EndpointStatus.ToString(), StringComparer.Ordinal),
            _ => ascending ? query.OrderBy(e => e.CreationTime) : query.OrderByDescending(e => e.CreationTime),
        };
        foreach (var endpoint in query)
        {
            yield return new EndpointSummary
            {
                EndpointName = endpoint.EndpointName,
                EndpointArn = endpoint.EndpointArn,
                CreationTime = endpoint.CreationTime,
                LastModifiedTime = endpoint.LastModifiedTime,
                EndpointStatus = endpoint.EndpointStatus,
            };
        }
    }

    /// <summary>Brings an endpoint's record up to date with its processes: health, switches, crashes, retirements.</summary>
    internal async Task<LocalEndpointRecord> ReconcileAsync(LocalEndpointRecord record, CancellationToken cancellationToken)
    {
        var name = record.Description.EndpointName;
        var now = timeProvider.GetUtcNow();
        var launchExpired = now - record.Description.LastModifiedTime > options.LaunchTimeout;
        switch (record.Description.EndpointStatus)
        {
            case EndpointStatus.Creating when record.Current is null && launchExpired:
            {
                const string reason = "The process that created this local endpoint ended before starting its model servers.";
                record = await SetAsync(name, r => r.Description.EndpointStatus == EndpointStatus.Creating && r.Current is null ? Failed(r, reason) : r, cancellationToken).ConfigureAwait(false)
                    ?? throw NotFound(name);
                break;
            }

            case EndpointStatus.Updating when record.Pending is null && launchExpired:
            {
                const string reason = "The process that updated this local endpoint ended before starting the new model servers.";
                record = await SetAsync(name, r => r.Description.EndpointStatus == EndpointStatus.Updating && r.Pending is null ? RolledBack(r, reason) : r, cancellationToken).ConfigureAwait(false)
                    ?? throw NotFound(name);
                break;
            }

            case EndpointStatus.Creating when record.Current is { } starting:
            {
                var verdict = await CheckStartingAsync(starting, now, cancellationToken).ConfigureAwait(false);
                if (verdict is null)
                {
                    break;
                }

                var healthy = verdict.Length == 0;
                var updated = await SetAsync(
                    name,
                    r => r.Description.EndpointStatus != EndpointStatus.Creating || r.Current?.Id != starting.Id ? r
                        : healthy ? InService(r, now)
                        : Failed(r with { Current = null, Retiring = [.. r.Retiring, .. Retire(starting.Instances, now)] }, verdict),
                    cancellationToken).ConfigureAwait(false);
                record = updated ?? throw NotFound(name);
                break;
            }

            case EndpointStatus.Updating when record.Pending is { } green:
            {
                var verdict = await CheckStartingAsync(green, now, cancellationToken).ConfigureAwait(false);
                if (verdict is null)
                {
                    break;
                }

                var healthy = verdict.Length == 0;
                var terminationWait = record.Description.LastDeploymentConfig?.BlueGreenUpdatePolicy?.TerminationWaitInSeconds ?? 0;
                var updated = await SetAsync(
                    name,
                    r => r.Description.EndpointStatus != EndpointStatus.Updating || r.Pending?.Id != green.Id ? r
                        : healthy ? InService(
                            r with
                            {
                                Current = green,
                                Pending = null,
                                PendingConfigName = null,
                                Retiring = [.. r.Retiring, .. Retire(r.Current?.Instances ?? [], now.AddSeconds(terminationWait))],
                                Description = r.Description with { EndpointConfigName = green.EndpointConfigName },
                            },
                            now)
                        : RolledBack(r with { Pending = null, Retiring = [.. r.Retiring, .. Retire(green.Instances, now)] }, verdict),
                    cancellationToken).ConfigureAwait(false);
                record = updated ?? throw NotFound(name);
                if (healthy)
                {
                    logger.LogInformation("Local endpoint {EndpointName} switched traffic to {EndpointConfigName}", name, green.EndpointConfigName);
                }

                break;
            }

            case EndpointStatus.InService or EndpointStatus.Updating when record.Current is { } serving:
            {
                var crashed = serving.Instances.Select(i => (Instance: i, State: LocalInstanceState.Of(i))).FirstOrDefault(x => x.State.Exited);
                if (crashed.Instance is not null)
                {
                    var reason = $"The model server of variant {crashed.Instance.VariantName} exited (code {crashed.State.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "unknown"}); local mode does not restart it. {LogTail(crashed.Instance)}";
                    var updated = await SetAsync(
                        name,
                        r => r.Current?.Id != serving.Id || r.Description.EndpointStatus is not (EndpointStatus.InService or EndpointStatus.Updating) ? r
                            : Failed(
                                r with
                                {
                                    Current = null,
                                    Pending = null,
                                    PendingConfigName = null,
                                    Retiring = [.. r.Retiring, .. Retire(serving.Instances, now), .. Retire(r.Pending?.Instances ?? [], now)],
                                },
                                reason),
                        cancellationToken).ConfigureAwait(false);
                    record = updated ?? throw NotFound(name);
                }

                break;
            }
        }

        return await RetireAsync(record, now, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Pings a starting fleet: "" when every instance is healthy, a failure reason, or null while still starting.</summary>
    private async Task<string?> CheckStartingAsync(LocalDeployment deployment, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var allHealthy = true;
        foreach (var instance in deployment.Instances)
        {
            var process = LocalInstanceState.Of(instance);
            if (process.Exited)
            {
                return $"The model server of variant {instance.VariantName} exited (code {process.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "unknown"}) before passing the ping health check. {LogTail(instance)}";
            }

            if (!await PingAsync(instance, cancellationToken).ConfigureAwait(false))
            {
                allHealthy = false;
            }
        }

        if (allHealthy)
        {
            return string.Empty;
        }

        if (now - deployment.StartedAt > TimeSpan.FromSeconds(deployment.HealthCheckTimeoutSeconds))
        {
            return $"The primary container for production variant {deployment.Instances[0].VariantName} did not pass the ping health check within {deployment.HealthCheckTimeoutSeconds} s. {LogTail(deployment.Instances[0])}";
        }

        return null;
    }

    private async Task<bool> PingAsync(LocalEndpointInstance instance, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.PingTimeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{instance.Port}/ping");
            request.Headers.ConnectionClose = true;
            using var response = await http.SendAsync(request, timeout.Token).ConfigureAwait(false);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private async Task<LocalEndpointRecord> RetireAsync(LocalEndpointRecord record, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (record.Retiring.Count == 0)
        {
            return record;
        }

        var remaining = new List<LocalEndpointInstance>();
        var exited = new List<LocalEndpointInstance>();
        var changed = false;
        foreach (var instance in record.Retiring)
        {
            if (LocalInstanceState.Of(instance).Exited)
            {
                exited.Add(instance);
                changed = true;
                continue;
            }

            if (instance.RetireAt > now)
            {
                remaining.Add(instance);
                continue;
            }

            var pid = LocalProcesses.ReadNumber(Path.Combine(instance.Directory, "server.pid"));
            if (instance.TerminatedAt is null)
            {
                if (pid is { } p)
                {
                    LocalProcesses.Signal(p, LocalProcesses.SignalTerm);
                }

                remaining.Add(instance with { TerminatedAt = now });
                changed = true;
            }
            else if (now - instance.TerminatedAt > options.StopGracePeriod && pid is { } p)
            {
                LocalProcesses.Signal(p, LocalProcesses.SignalKill);
                remaining.Add(instance);
            }
            else
            {
                remaining.Add(instance);
            }
        }

        if (!changed)
        {
            return record;
        }

        var retiredIds = record.Retiring.Select(i => i.Directory).ToHashSet(StringComparer.Ordinal);
        var updated = await SetAsync(
            record.Description.EndpointName,
            r => r with { Retiring = [.. r.Retiring.Where(i => !retiredIds.Contains(i.Directory)), .. remaining] },
            cancellationToken).ConfigureAwait(false);

        // A replaced deployment's folder (its model copy and logs) goes once its last process has exited.
        var inUse = updated is null ? [] : (updated.Current?.Instances ?? []).Concat(updated.Pending?.Instances ?? []).Concat(updated.Retiring)
            .Select(i => Path.GetDirectoryName(i.Directory)!).ToHashSet(StringComparer.Ordinal);
        foreach (var folder in exited.Select(i => Path.GetDirectoryName(i.Directory)!).Distinct(StringComparer.Ordinal).Where(f => !inUse.Contains(f)))
        {
            TryDeleteFolder(folder);
        }

        return updated ?? record;
    }

    private async Task<LocalDeployment> LaunchAsync(string endpointName, DescribeEndpointConfigResponse config, CancellationToken cancellationToken)
    {
        var id = $"{timeProvider.GetUtcNow():yyyyMMddHHmmss}-{Guid.NewGuid().ToString("N")[..8]}";
        var deploymentDirectory = Path.Combine(state.Home, "endpoints", endpointName, id);
        var instances = new List<LocalEndpointInstance>();
        try
        {
            foreach (var variant in config.ProductionVariants)
            {
                instances.Add(await LaunchVariantAsync(variant, deploymentDirectory, cancellationToken).ConfigureAwait(false));
            }
        }
        catch
        {
            await StopAsync(instances, CancellationToken.None).ConfigureAwait(false);
            TryDeleteFolder(deploymentDirectory);
            throw;
        }

        var timeout = config.ProductionVariants.Max(v => v.ContainerStartupHealthCheckTimeoutInSeconds) ?? (int)options.ContainerStartupHealthCheckTimeout.TotalSeconds;
        logger.LogInformation("Local endpoint {EndpointName}: started {Count} model server(s) for {EndpointConfigName}", endpointName, instances.Count, config.EndpointConfigName);
        return new LocalDeployment
        {
            Id = id,
            EndpointConfigName = config.EndpointConfigName,
            StartedAt = timeProvider.GetUtcNow(),
            HealthCheckTimeoutSeconds = timeout,
            Instances = instances,
        };
    }

    private async Task<LocalEndpointInstance> LaunchVariantAsync(ProductionVariant variant, string deploymentDirectory, CancellationToken cancellationToken)
    {
        var model = await models.GetModelAsync(variant.ModelName!, cancellationToken).ConfigureAwait(false);
        var container = model.PrimaryContainer!;
        var imageUri = container.Image;
        var modelDataUrl = container.ModelDataUrl;
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        if (container.ModelPackageName is { Length: > 0 } packageName)
        {
            var package = (await registry.FindPackageAsync(packageName, cancellationToken).ConfigureAwait(false)).Description;
            var packaged = package.InferenceSpecification?.Containers.FirstOrDefault()
                ?? throw new MlOpsException($"Model package {packageName} has no inference container.", "ValidationException");
            imageUri = packaged.Image;
            modelDataUrl = packaged.ModelDataUrl;
            foreach (var (key, value) in packaged.Environment ?? new Dictionary<string, string>())
            {
                environment[key] = value;
            }
        }

        foreach (var (key, value) in container.Environment ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        var image = await images.FindAsync(imageUri ?? string.Empty, cancellationToken).ConfigureAwait(false)
            ?? throw new MlOpsException(images.NotRegisteredMessage(imageUri ?? "(none)"), "ClientError");
        var directory = Path.Combine(deploymentDirectory, variant.VariantName);
        var modelDirectory = Path.Combine(directory, "model");
        Directory.CreateDirectory(modelDirectory);
        if (!string.IsNullOrEmpty(modelDataUrl))
        {
            var archive = Path.Combine(directory, "model.tar.gz");
            var source = S3Uri.Parse(modelDataUrl, "ModelDataUrl");
            if (!await artifacts.ExistsAsync(source, cancellationToken).ConfigureAwait(false))
            {
                throw new MlOpsException($"Could not find model data at {modelDataUrl}.", "ClientError");
            }

            await artifacts.DownloadFileAsync(source, archive, null, cancellationToken).ConfigureAwait(false);
            await LocalModelArchive.ExtractAsync(archive, modelDirectory, options.ModelArchiveLimits, cancellationToken).ConfigureAwait(false);
            File.Delete(archive);
        }

        var port = FreePort();
        environment["SM_MODEL_DIR"] = modelDirectory;
        environment["SAGEMAKER_BIND_TO_PORT"] = port.ToString(CultureInfo.InvariantCulture);
        environment["SAGEMAKER_SAFE_PORT_RANGE"] = $"{port}-{port}";

        // Said explicitly, because a child inherits DOTNET_RUNNING_IN_CONTAINER=true on a containerised CI runner and
        // would then listen on every interface; only the endpoint's own container environment may choose otherwise.
        var bindAddress = environment.TryGetValue(BindAddressVariable, out var chosen) && !string.IsNullOrWhiteSpace(chosen) ? chosen : IPAddress.Loopback.ToString();
        if (!IPAddress.TryParse(bindAddress, out var address))
        {
            throw new MlOpsException($"The container environment's {BindAddressVariable} must be an IP address; got '{bindAddress}'.", "ValidationException");
        }

        environment[BindAddressVariable] = bindAddress;
        environment["ASPNETCORE_URLS"] = $"http://{(address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString())}:{port}";
        environment["MLOPS_INSTANCE_DIR"] = directory;
        await LocalProcesses.StartDetachedAsync(
            LocalSupervisorScripts.Serving,
            Path.Combine(directory, "supervise.sh"),
            image.Folder,
            LocalProcesses.Command(image, "serve"),
            environment,
            cancellationToken).ConfigureAwait(false);
        return new LocalEndpointInstance
        {
            VariantName = variant.VariantName,
            Directory = directory,
            Port = port,
            Weight = variant.InitialVariantWeight ?? 1,
            DesiredInstanceCount = variant.InitialInstanceCount ?? 1,
        };
    }

    private async Task StopAsync(IReadOnlyList<LocalEndpointInstance> instances, CancellationToken cancellationToken)
    {
        foreach (var instance in instances)
        {
            if (!LocalInstanceState.Of(instance).Exited && LocalProcesses.ReadNumber(Path.Combine(instance.Directory, "server.pid")) is { } pid)
            {
                LocalProcesses.Signal(pid, LocalProcesses.SignalTerm);
            }
        }

        var deadline = timeProvider.GetUtcNow() + options.StopGracePeriod;
        while (instances.Any(i => !LocalInstanceState.Of(i).Exited) && timeProvider.GetUtcNow() < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), timeProvider, cancellationToken).ConfigureAwait(false);
        }

        foreach (var instance in instances)
        {
            if (!LocalInstanceState.Of(instance).Exited && LocalProcesses.ReadNumber(Path.Combine(instance.Directory, "server.pid")) is { } pid)
            {
                LocalProcesses.Signal(pid, LocalProcesses.SignalKill);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// RetainAllVariantProperties: each variant of the new fleet that the serving fleet also has keeps its instance
    /// count and weight (which auto-scaling may have changed) instead of the new config's.
    /// </summary>
    private static LocalDeployment Retained(LocalDeployment deployment, LocalDeployment serving) => deployment with
    {
        Instances = [.. deployment.Instances.Select(i => serving.Instances.FirstOrDefault(s => s.VariantName == i.VariantName) is { } old
            ? i with { DesiredInstanceCount = old.DesiredInstanceCount, Weight = old.Weight }
            : i)],
    };

    private static IEnumerable<LocalEndpointInstance> Retire(IEnumerable<LocalEndpointInstance> instances, DateTimeOffset at) =>
        instances.Select(i => i with { RetireAt = at, TerminatedAt = null });

    private static string LogTail(LocalEndpointInstance instance)
    {
        var log = Path.Combine(instance.Directory, "server.log");
        if (!File.Exists(log))
        {
            return "The server wrote no log.";
        }

        using var reader = new StreamReader(new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));
        var lines = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var tail = lines.Skip(Math.Max(0, lines.Length - LogTailLines));
        var text = new StringBuilder("Last lines of the server log:");
        foreach (var line in tail)
        {
            text.Append('\n').Append(line.TrimEnd('\r'));
        }

        return text.ToString();
    }

    private static void TryDeleteFolder(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (IOException)
        {
            // A process that ignored SIGKILL's delivery window still holds a file: the folder is left for later.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private LocalEndpointRecord InService(LocalEndpointRecord record, DateTimeOffset now)
    {
        var deployment = record.Current!;
        var total = deployment.Instances.Sum(i => i.Weight);
        return record with
        {
            Description = record.Description with
            {
                EndpointStatus = EndpointStatus.InService,
                EndpointConfigName = deployment.EndpointConfigName,
                LastModifiedTime = now,
                ProductionVariants = [.. deployment.Instances.Select(i => new ProductionVariantSummary
                {
                    VariantName = i.VariantName,
                    CurrentWeight = total > 0 ? i.Weight : 1,
                    DesiredWeight = total > 0 ? i.Weight : 1,
                    CurrentInstanceCount = i.DesiredInstanceCount,
                    DesiredInstanceCount = i.DesiredInstanceCount,
                })],
            },
        };
    }

    private LocalEndpointRecord Failed(LocalEndpointRecord record, string reason)
    {
        logger.LogWarning("Local endpoint {EndpointName} failed: {Reason}", record.Description.EndpointName, reason);
        return record with
        {
            Description = record.Description with { EndpointStatus = EndpointStatus.Failed, FailureReason = reason, LastModifiedTime = timeProvider.GetUtcNow() },
        };
    }

    /// <summary>A failed update leaves the old fleet serving: InService again, with the reason kept (as SageMaker does).</summary>
    private LocalEndpointRecord RolledBack(LocalEndpointRecord record, string reason)
    {
        logger.LogWarning("Local endpoint {EndpointName}: update failed, old configuration keeps serving: {Reason}", record.Description.EndpointName, reason);
        return record with
        {
            PendingConfigName = null,
            Pending = null,
            Description = record.Description with { EndpointStatus = EndpointStatus.InService, FailureReason = reason, LastModifiedTime = timeProvider.GetUtcNow() },
        };
    }

    private Task<LocalEndpointRecord?> SetAsync(string name, Func<LocalEndpointRecord, LocalEndpointRecord> change, CancellationToken cancellationToken) =>
        state.UpdateAsync(LocalResourceKind.Endpoint, name, change, cancellationToken);

    private MlOpsException NotFound(string name) =>
        LocalErrors.Validation($"Could not find endpoint \"{arns.For(LocalResourceKind.Endpoint, name)}\".", arns.For(LocalResourceKind.Endpoint, name));
}
