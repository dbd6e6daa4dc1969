using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using MlOps.Sdk.SageMaker;

namespace MlOps.Sdk.Local;

/// <summary>
/// Local endpoints, the façade that the local SageMaker client calls: Create, Describe, Update, Delete and List over
/// the state store. The servers are <see cref="LocalServerFleet"/>'s and the status changes
/// <see cref="LocalEndpointTransitions"/>'. Health checks, blue/green switches, crash detection and the stopping of
/// old fleets happen lazily, idempotently, whenever any process describes, invokes, lists or deletes the endpoint. An
/// instance of an in-service fleet whose server died or stopped answering /ping is replaced (see RepairAsync); a
/// crash while an update is in progress is not, and decides the update as before.
/// </summary>
internal sealed class LocalEndpoints(
    LocalStateStore state,
    LocalModels models,
    LocalArns arns,
    LocalOptions options,
    LocalServerFleet fleet,
    LocalEndpointTransitions transitions,
    TimeProvider timeProvider,
    ILogger logger)
{
    /// <summary>How many pings in a row a running server may fail before it is replaced.</summary>
    internal const int UnhealthyPings = 3;

    /// <summary>The least time between two counted pings of one running server.</summary>
    internal static readonly TimeSpan PingInterval = TimeSpan.FromSeconds(2);

    // Replacements being started by this process, by the folder of the instance they replace, so that concurrent
    // readers start one; two processes may each start one, and the one whose transaction loses stops its own.
    private readonly ConcurrentDictionary<string, Lazy<Task<LocalEndpointInstance?>>> replacing = new(StringComparer.Ordinal);

    // The last counted ping of each running server and how many in a row have failed.
    private readonly ConcurrentDictionary<string, (long At, int Failures)> pings = new(StringComparer.Ordinal);

    internal LocalServerFleet Fleet => fleet;

    internal async Task<CreateEndpointResponse> CreateAsync(CreateEndpointRequest request, CancellationToken cancellationToken)
    {
        var name = request.EndpointName;
        var config = await models.GetConfigAsync(request.EndpointConfigName, cancellationToken).ConfigureAwait(false);
        var arn = arns.For(LocalResourceKind.Endpoint, name);
        var now = LocalTimestamp.Now(timeProvider);
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
            Launcher = LocalProcesses.CurrentIdentity(),
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
            deployment = await fleet.LaunchAsync(name, config, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The endpoint exists now: whatever stops its launch ends it Failed, so nobody waits on it forever.
            var reason = ex is OperationCanceledException ? "The launch of the endpoint was cancelled." : ex.Message;
            await SetAsync(name, r => r.Description.EndpointStatus == EndpointStatus.Creating && r.Current is null ? transitions.Failed(r, reason) : r, CancellationToken.None).ConfigureAwait(false);
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
            await fleet.StopAsync(deployment.Instances, CancellationToken.None).ConfigureAwait(false);
        }

        return new CreateEndpointResponse { EndpointArn = arn };
    }

    internal async Task<DescribeEndpointResponse> DescribeAsync(DescribeEndpointRequest request, CancellationToken cancellationToken)
    {
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
        var name = request.EndpointName;
        var config = await models.GetConfigAsync(request.EndpointConfigName, cancellationToken).ConfigureAwait(false);
        request.ValidateAgainstConfig(config);
        await GetReconciledAsync(name, cancellationToken).ConfigureAwait(false);
        var now = LocalTimestamp.Now(timeProvider);
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
                    Launcher = LocalProcesses.CurrentIdentity(),
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
            deployment = await fleet.LaunchAsync(name, config, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            var reason = ex is OperationCanceledException ? "The launch of the new configuration was cancelled." : ex.Message;
            await SetAsync(name, r => r.Description.EndpointStatus == EndpointStatus.Updating && r.Pending is null ? RollBack(r, reason, LocalTimestamp.Now(timeProvider)) : r, CancellationToken.None).ConfigureAwait(false);
            if (ex is OperationCanceledException)
            {
                throw;
            }

            return new UpdateEndpointResponse { EndpointArn = outcome.Description.EndpointArn };
        }

        if (request.RetainAllVariantProperties == true && outcome.Current is { } serving)
        {
            deployment = LocalEndpointTransitions.Retained(deployment, serving);
        }

        var stored = await SetAsync(
            name,
            r => r.Description.EndpointStatus == EndpointStatus.Updating && r.Pending is null ? r with { Pending = deployment } : r,
            CancellationToken.None).ConfigureAwait(false);
        if (stored?.Pending?.Id != deployment.Id)
        {
            await fleet.StopAsync(deployment.Instances, CancellationToken.None).ConfigureAwait(false);
        }

        return new UpdateEndpointResponse { EndpointArn = outcome.Description.EndpointArn };
    }

    /// <summary>
    /// UpdateEndpointWeightsAndCapacities: the endpoint goes Updating on its serving fleet; a variant whose
    /// DesiredInstanceCount grows gets new servers on the same model (<see cref="LocalServerFleet.StartInstanceAsync"/>,
    /// as a replacement does), which take traffic once their /ping passes; a variant that shrinks has its most recently
    /// added instances taken out of the traffic at once and stopped. InService again (see <see cref="ScaleAsync"/>) once
    /// every new server is healthy and every surplus one has exited. Refused unless the endpoint is InService.
    /// </summary>
    internal async Task<UpdateEndpointWeightsAndCapacitiesResponse> UpdateWeightsAndCapacitiesAsync(UpdateEndpointWeightsAndCapacitiesRequest request, CancellationToken cancellationToken)
    {
        var name = request.EndpointName;
        var arn = arns.For(LocalResourceKind.Endpoint, name);
        var desired = request.DesiredWeightsAndCapacities;
        if (desired.GroupBy(d => d.VariantName, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw LocalErrors.Validation($"The variant {twice.Key} is named more than once in DesiredWeightsAndCapacities.", arn);
        }

        foreach (var variant in desired)
        {
            if (variant.DesiredInstanceCount < 1)
            {
                throw LocalErrors.Validation($"DesiredInstanceCount of variant {variant.VariantName} must be at least 1 (got {variant.DesiredInstanceCount}): only an endpoint that hosts inference components scales to zero instances.", arn);
            }

            if (variant.DesiredInstanceCount > options.MaxEndpointInstanceCount)
            {
                throw LocalErrors.ResourceLimitExceeded(
                    $"The account-level service limit 'local endpoint instances per variant' is {options.MaxEndpointInstanceCount} Instances, with a request of {variant.DesiredInstanceCount} Instances for variant {variant.VariantName}. Raise LocalOptions.MaxEndpointInstanceCount (MlOps:Local:MaxEndpointInstanceCount) if this machine has the cores.",
                    arn);
            }
        }

        await GetReconciledAsync(name, cancellationToken).ConfigureAwait(false);
        var now = LocalTimestamp.Now(timeProvider);
        var id = Guid.NewGuid().ToString("N");
        string? refusal = null;
        var outcome = await state.WriteAsync(
            t =>
            {
                var record = t.Get<LocalEndpointRecord>(LocalResourceKind.Endpoint, name);
                if (record is null)
                {
                    return null;
                }

                if (record.Description.EndpointStatus != EndpointStatus.InService || record.Current is null || record.Baking is not null || record.Scaling is not null)
                {
                    refusal = $"Cannot update endpoint \"{arn}\" while it is {record.Description.EndpointStatus}: it must be InService.";
                    return record;
                }

                var serving = record.Current.Instances.Select(i => i.VariantName).ToHashSet(StringComparer.Ordinal);
                if (desired.Select(d => d.VariantName).Where(v => !serving.Contains(v)).ToList() is { Count: > 0 } missing)
                {
                    refusal = $"The variant(s) \"[{string.Join(", ", missing)}]\" is/are not present in the endpoint \"{arn}\".";
                    return record;
                }

                var next = Scaled(record, desired, id, now);
                t.Replace(LocalResourceKind.Endpoint, name, next);
                return next;
            },
            cancellationToken).ConfigureAwait(false) ?? throw NotFound(name);
        if (refusal is not null)
        {
            throw LocalErrors.Validation(refusal, arn);
        }

        // The new servers start outside the transaction; they are recorded only if this very change is still going on.
        var started = new List<LocalEndpointInstance>();
        try
        {
            foreach (var variant in LocalEndpointTransitions.Variants(outcome.Current!))
            {
                var like = variant.First();
                for (var i = variant.Count(); i < like.DesiredInstanceCount; i++)
                {
                    started.Add(await fleet.StartInstanceAsync(like, now, cancellationToken).ConfigureAwait(false)
                        ?? throw new MlOpsException($"The model server of variant {like.VariantName} cannot be started again: its start was not recorded (an older SDK started it).", MlOpsErrorCodes.ValidationException));
                }
            }
        }
        catch (Exception ex)
        {
            await Task.WhenAll(started.Select(i => fleet.DiscardAsync(i, CancellationToken.None))).ConfigureAwait(false);
            var reason = ex is OperationCanceledException ? "The change of instance counts was cancelled." : ex.Message;
            await SetAsync(name, r => r.Scaling?.Id == id ? EndScaling(r, reason, LocalTimestamp.Now(timeProvider)) : r, CancellationToken.None).ConfigureAwait(false);
            if (ex is OperationCanceledException)
            {
                throw;
            }

            return new UpdateEndpointWeightsAndCapacitiesResponse { EndpointArn = arn };
        }

        var stored = await SetAsync(
            name,
            r => r.Scaling?.Id != id || r.Description.EndpointStatus != EndpointStatus.Updating || r.Current is null ? r
                : r with
                {
                    Current = r.Current with { Instances = [.. r.Current.Instances, .. started] },
                    Scaling = r.Scaling with { Launched = true, Added = [.. started.Select(i => i.Directory)] },
                },
            CancellationToken.None).ConfigureAwait(false);
        if (stored?.Scaling?.Id != id)
        {
            // Deleted meanwhile: nobody else knows these servers.
            await Task.WhenAll(started.Select(i => fleet.DiscardAsync(i, CancellationToken.None))).ConfigureAwait(false);
        }

        logger.LogInformation("Local endpoint {EndpointName}: scaling, {Started} server(s) started, {Stopped} stopping", name, started.Count, outcome.Scaling!.Stopping.Count);
        return new UpdateEndpointWeightsAndCapacitiesResponse { EndpointArn = arn };
    }

    /// <summary>
    /// The record as a change of counts begins: Updating, each named variant's instances carrying the new desired count
    /// and weight, the surplus of a shrinking variant (its most recently added instances) moved to Retiring, and the
    /// variants' summaries showing desired against current.
    /// </summary>
    private LocalEndpointRecord Scaled(LocalEndpointRecord record, IReadOnlyList<DesiredWeightAndCapacity> desired, string id, DateTimeOffset now)
    {
        var byVariant = desired.ToDictionary(d => d.VariantName, StringComparer.Ordinal);
        var kept = new List<LocalEndpointInstance>();
        var surplus = new List<LocalEndpointInstance>();
        foreach (var variant in LocalEndpointTransitions.Variants(record.Current!))
        {
            var change = byVariant.GetValueOrDefault(variant.Key);
            var count = change?.DesiredInstanceCount ?? variant.First().DesiredInstanceCount;
            var weight = change?.DesiredWeight ?? variant.First().Weight;
            var instances = variant.Select(i => i with { DesiredInstanceCount = count, Weight = weight }).ToList();
            kept.AddRange(instances.Take(count));
            surplus.AddRange(instances.Skip(count));
        }

        var counted = record with { Current = record.Current! with { Instances = kept } };
        var healthy = kept.Where(i => i.ReplacingSince is null).GroupBy(i => i.VariantName, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return counted with
        {
            Launcher = LocalProcesses.CurrentIdentity(),
            Retiring = [.. record.Retiring, .. LocalEndpointTransitions.Retire(surplus, now)],
            Scaling = new LocalScaling { Id = id, StartedAt = now, Launched = !LocalEndpointTransitions.Variants(counted.Current!).Any(v => v.Count() < v.First().DesiredInstanceCount), Stopping = [.. surplus.Select(i => i.Directory)] },
            Description = record.Description with
            {
                EndpointStatus = EndpointStatus.Updating,
                FailureReason = null,
                LastModifiedTime = now,
                ProductionVariants = record.Description.ProductionVariants?
                    .Select(v => byVariant.TryGetValue(v.VariantName, out var change)
                        ? v with
                        {
                            DesiredInstanceCount = change.DesiredInstanceCount ?? v.DesiredInstanceCount,
                            DesiredWeight = change.DesiredWeight ?? v.DesiredWeight,
                            CurrentInstanceCount = Math.Max(1, healthy.GetValueOrDefault(v.VariantName)),
                        }
                        : v)
                    .ToList(),
            },
        };
    }

    /// <summary>
    /// One look at a change of counts: an added server that passed /ping takes traffic; one that exited or missed the
    /// startup health-check timeout ends the change (see <see cref="EndScaling"/>); once all added servers serve and
    /// all surplus ones have exited, the endpoint is InService with CurrentInstanceCount equal to the desired count.
    /// </summary>
    private async Task<LocalEndpointRecord> ScaleAsync(LocalEndpointRecord record, LocalScaling scaling, bool launchAbandoned, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var name = record.Description.EndpointName;
        if (!scaling.Launched)
        {
            return !launchAbandoned ? record
                : await SetAsync(name, r => r.Scaling?.Id == scaling.Id ? EndScaling(r, "The process that scaled this local endpoint ended before starting the new model servers.", now) : r, cancellationToken).ConfigureAwait(false) ?? throw NotFound(name);
        }

        var added = scaling.Added.ToHashSet(StringComparer.Ordinal);
        var serving = record.Current!;
        foreach (var instance in serving.Instances.Where(i => i.ReplacingSince is not null && added.Contains(i.Directory)))
        {
            var verdict = await fleet.CheckStartingInstanceAsync(instance, serving.HealthCheckTimeoutSeconds, now, cancellationToken).ConfigureAwait(false);
            if (verdict is null)
            {
                continue;
            }

            record = await SetAsync(
                name,
                r => r.Scaling?.Id != scaling.Id || r.Current is null ? r
                    : verdict.Length > 0 ? EndScaling(r, verdict, now)
                    : r with { Current = r.Current with { Instances = [.. r.Current.Instances.Select(i => i.Directory == instance.Directory ? i with { ReplacingSince = null } : i)] } },
                cancellationToken).ConfigureAwait(false) ?? throw NotFound(name);
            if (record.Scaling?.Id != scaling.Id)
            {
                return record;
            }
        }

        var stopping = scaling.Stopping.ToHashSet(StringComparer.Ordinal);
        if (record.Current!.Instances.Any(i => i.ReplacingSince is not null && added.Contains(i.Directory)) || record.Retiring.Any(i => stopping.Contains(i.Directory)))
        {
            return record;
        }

        var done = await SetAsync(
            name,
            r => r.Scaling?.Id != scaling.Id || r.Description.EndpointStatus != EndpointStatus.Updating ? r : transitions.InService(r with { Scaling = null, Launcher = null }, now),
            cancellationToken).ConfigureAwait(false) ?? throw NotFound(name);
        logger.LogInformation("Local endpoint {EndpointName}: instance counts changed, InService", name);
        return done;
    }

    /// <summary>
    /// A change of counts that cannot complete: the servers it added are stopped, each variant's desired count goes back
    /// to the instances it still has, and the endpoint is InService again with the reason (as a failed update is).
    /// </summary>
    private LocalEndpointRecord EndScaling(LocalEndpointRecord record, string reason, DateTimeOffset now)
    {
        var added = (record.Scaling?.Added ?? []).ToHashSet(StringComparer.Ordinal);
        var current = record.Current!;
        var failed = current.Instances.Where(i => added.Contains(i.Directory) && i.ReplacingSince is not null).ToList();
        var kept = current.Instances.Except(failed).ToList();
        var counts = kept.GroupBy(i => i.VariantName, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var ended = record with
        {
            Scaling = null,
            Launcher = null,
            Current = current with { Instances = [.. kept.Select(i => i with { DesiredInstanceCount = counts[i.VariantName] })] },
            Retiring = [.. record.Retiring, .. LocalEndpointTransitions.Retire(failed, now)],
        };
        return transitions.RolledBack(transitions.InService(ended, now), reason);
    }

    internal async Task DeleteAsync(DeleteEndpointRequest request, CancellationToken cancellationToken)
    {
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
        var instances = Fleets(record).ToList();
        await fleet.StopAsync(instances, cancellationToken).ConfigureAwait(false);
        foreach (var folder in instances.Select(i => Path.GetDirectoryName(i.Directory)!).Distinct(StringComparer.Ordinal))
        {
            LocalServerFleet.TryDeleteFolder(folder);
        }

        logger.LogInformation("Local endpoint {EndpointName} deleted; {Count} process(es) stopped", name, instances.Count);
    }

    internal async IAsyncEnumerable<EndpointSummary> ListAsync(ListEndpointsRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
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
        var now = LocalTimestamp.Now(timeProvider);
        // A launch is abandoned when its process has ended without recording the fleet it started (killed, crashed,
        // its machine restarted), or, when that cannot be told (another pid namespace), once LaunchTimeout has passed.
        var launchAbandoned = now - record.Description.LastModifiedTime > options.LaunchTimeout || LocalProcesses.HasEnded(record.Launcher);
        switch (record.Description.EndpointStatus)
        {
            case EndpointStatus.Creating when record.Current is null && launchAbandoned:
            {
                const string reason = "The process that created this local endpoint ended before starting its model servers.";
                var orphans = new List<string>();
                record = await SetAsync(
                    name,
                    r => r.Description.EndpointStatus == EndpointStatus.Creating && r.Current is null ? transitions.Failed(AdoptOrphans(r, now, orphans), reason) : r,
                    cancellationToken).ConfigureAwait(false) ?? throw NotFound(name);
                orphans.ForEach(LocalServerFleet.TryDeleteFolder);
                break;
            }

            case EndpointStatus.Updating when record.Scaling is { } scaling && record.Current is not null:
                record = await ScaleAsync(record, scaling, launchAbandoned, now, cancellationToken).ConfigureAwait(false);
                break;

            case EndpointStatus.Updating when record.Baking is { } baking:
                record = await BakeAsync(record, baking, now, cancellationToken).ConfigureAwait(false);
                break;

            case EndpointStatus.Updating when record.Pending is null && launchAbandoned:
            {
                const string reason = "The process that updated this local endpoint ended before starting the new model servers.";
                var orphans = new List<string>();
                record = await SetAsync(
                    name,
                    r => r.Description.EndpointStatus == EndpointStatus.Updating && r.Pending is null ? RollBack(AdoptOrphans(r, now, orphans), reason, now) : r,
                    cancellationToken).ConfigureAwait(false) ?? throw NotFound(name);
                orphans.ForEach(LocalServerFleet.TryDeleteFolder);
                break;
            }

            case EndpointStatus.Creating when record.Current is { } starting:
            {
                var verdict = await fleet.CheckStartingAsync(starting, now, cancellationToken).ConfigureAwait(false);
                if (verdict is null)
                {
                    break;
                }

                var healthy = verdict.Length == 0;
                var updated = await SetAsync(
                    name,
                    r => r.Description.EndpointStatus != EndpointStatus.Creating || r.Current?.Id != starting.Id ? r
                        : healthy ? transitions.InService(r, now)
                        : transitions.Failed(r with { Current = null, Retiring = [.. r.Retiring, .. LocalEndpointTransitions.Retire(starting.Instances, now)] }, verdict),
                    cancellationToken).ConfigureAwait(false);
                record = updated ?? throw NotFound(name);
                break;
            }

            case EndpointStatus.Updating when record.Pending is { } green:
            {
                var verdict = await fleet.CheckStartingAsync(green, now, cancellationToken).ConfigureAwait(false);
                if (verdict is null)
                {
                    break;
                }

                var healthy = verdict.Length == 0;
                var deploymentConfig = record.Description.LastDeploymentConfig;
                var bakeFor = LocalBaking.Period(deploymentConfig, green);
                var updated = await SetAsync(
                    name,
                    r => r.Description.EndpointStatus != EndpointStatus.Updating || r.Pending?.Id != green.Id ? r
                        : !healthy ? RollBack(r with { Pending = null, Retiring = [.. r.Retiring, .. LocalEndpointTransitions.Retire(green.Instances, now)] }, verdict, now)
                        : r.Current is { } blue && (bakeFor > TimeSpan.Zero || LocalBaking.AlarmNames(deploymentConfig).Count > 0)
                            // The traffic moves to the new fleet and the baking period starts: the update is not over
                            // (still Updating, on the old config) until it ends, and the old fleet stays for a rollback.
                            ? r with { Current = green, Pending = null, Baking = new LocalBaking { Previous = blue, StartedAt = now, EndsAt = now + bakeFor } }
                            : Complete(r with { Current = green, Pending = null }, r.Current?.Instances ?? [], now),
                    cancellationToken).ConfigureAwait(false);
                record = updated ?? throw NotFound(name);
                if (healthy)
                {
                    logger.LogInformation("Local endpoint {EndpointName} switched traffic to {EndpointConfigName} (baking {Seconds} s)", name, green.EndpointConfigName, bakeFor.TotalSeconds);
                }

                if (record.Baking is { } started && started.StartedAt == now)
                {
                    // An alarm already in ALARM, or a period of 0 s, is settled now rather than at the next read.
                    record = await BakeAsync(record, started, now, cancellationToken).ConfigureAwait(false);
                }

                break;
            }

            // While Updating, a crash of the serving fleet does not end the update: the new fleet takes the traffic once
            // it is healthy, as SageMaker serves from the healthy fleet; only a rollback onto a dead fleet fails it.
            case EndpointStatus.InService when record.Current is { } serving:
                record = await RepairAsync(record, serving, now, cancellationToken).ConfigureAwait(false);
                break;
        }

        return await RetireAsync(record, now, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// One look at a baking update: a crash of the new fleet, or an auto-rollback alarm that was in ALARM at some instant
    /// since the period started, rolls the traffic back to the old fleet (InService on the old config, the new fleet
    /// stopped); once the period has ended with neither, the update completes and the old fleet is stopped. An alarm set
    /// to ALARM after the period ended is outside it and changes nothing.
    /// </summary>
    private async Task<LocalEndpointRecord> BakeAsync(LocalEndpointRecord record, LocalBaking baking, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var name = record.Description.EndpointName;
        var green = record.Current!;
        var alarmNames = LocalBaking.AlarmNames(record.Description.LastDeploymentConfig);
        var watchedUntil = now < baking.EndsAt ? now : baking.EndsAt;
        var tripped = alarmNames.Count == 0 ? null
            : await state.ReadAsync(t => LocalCloudWatchAlarms.FirstInAlarm(t, alarmNames, baking.StartedAt, watchedUntil), cancellationToken).ConfigureAwait(false);
        var reason = tripped is not null ? AlarmReason(tripped, green.EndpointConfigName)
            : Crash(green) is { } crash ? $"The new configuration {green.EndpointConfigName} failed while baking: {crash}"
            : null;
        if (reason is null && now < baking.EndsAt)
        {
            return record;
        }

        var updated = await SetAsync(
            name,
            r => r.Description.EndpointStatus != EndpointStatus.Updating || r.Baking?.Previous.Id != baking.Previous.Id || r.Current?.Id != green.Id ? r
                : reason is not null
                    ? RollBack(r with { Current = baking.Previous, Baking = null, Retiring = [.. r.Retiring, .. LocalEndpointTransitions.Retire(green.Instances, now)] }, reason, now)
                    : Complete(r with { Baking = null }, baking.Previous.Instances, now),
            cancellationToken).ConfigureAwait(false);
        if (reason is not null)
        {
            logger.LogWarning("Local endpoint {EndpointName} rolled back from {EndpointConfigName}: {Reason}", name, green.EndpointConfigName, reason);
        }

        return updated ?? throw NotFound(name);
    }

    /// <summary>
    /// The FailureReason of an alarm rollback. SageMaker documents the rollback but not its wording, so this one is
    /// local mode's own: it names the alarm, the configuration rolled back from and the alarm's StateReason.
    /// </summary>
    internal static string AlarmReason(LocalAlarm alarm, string endpointConfigName) =>
        $"Auto-rollback alarm {alarm.AlarmName} was in ALARM while {endpointConfigName} was baking; the traffic was rolled back to the previous configuration. Alarm reason: {alarm.StateReason}";

    /// <summary>The update is over: InService on the fleet now serving, the replaced one stopped.</summary>
    private LocalEndpointRecord Complete(LocalEndpointRecord record, IEnumerable<LocalEndpointInstance> replaced, DateTimeOffset now) =>
        transitions.InService(
            record with
            {
                PendingConfigName = null,
                Retiring = [.. record.Retiring, .. LocalEndpointTransitions.Retire(replaced, now)],
                Description = record.Description with { EndpointConfigName = record.Current!.EndpointConfigName },
            },
            now);

    /// <summary>Every server process the record knows: serving, starting, baking's old fleet, retiring.</summary>
    private static IEnumerable<LocalEndpointInstance> Fleets(LocalEndpointRecord record) =>
        (record.Current?.Instances ?? []).Concat(record.Pending?.Instances ?? []).Concat(record.Baking?.Previous.Instances ?? []).Concat(record.Retiring);

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
            var (still, instanceChanged) = fleet.StepRetirement(instance, now);
            changed |= instanceChanged;
            if (still is null)
            {
                exited.Add(instance);
            }
            else
            {
                remaining.Add(still);
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
        var inUse = updated is null ? [] : Fleets(updated).Select(i => Path.GetDirectoryName(i.Directory)!).ToHashSet(StringComparer.Ordinal);
        foreach (var folder in exited.Select(i => Path.GetDirectoryName(i.Directory)!).Distinct(StringComparer.Ordinal).Where(f => !inUse.Contains(f)))
        {
            LocalServerFleet.TryDeleteFolder(folder);
        }

        return updated ?? record;
    }

    /// <summary>
    /// Keeps an in-service fleet at its instance count, as SageMaker replaces an instance whose container died or
    /// fails its health checks: a replacement that passed /ping takes traffic; an instance whose server exited, or
    /// that failed <see cref="UnhealthyPings"/> pings in a row (then killed), gets a replacement on the same model,
    /// recorded in the same transaction that retires it. The endpoint stays InService. Only a replacement that fails
    /// its own start (or an instance that cannot be rebuilt) ends the endpoint Failed, with the reason.
    /// </summary>
    private async Task<LocalEndpointRecord> RepairAsync(LocalEndpointRecord record, LocalDeployment serving, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var name = record.Description.EndpointName;
        foreach (var replacement in serving.Instances.Where(i => i.ReplacingSince is not null))
        {
            var verdict = await fleet.CheckStartingInstanceAsync(replacement, serving.HealthCheckTimeoutSeconds, now, cancellationToken).ConfigureAwait(false);
            if (verdict is { Length: > 0 })
            {
                return await FailServingAsync(name, serving, verdict, now, cancellationToken).ConfigureAwait(false);
            }

            if (verdict is not null)
            {
                record = await SetServingAsync(name, serving, replacement.Directory, _ => replacement with { ReplacingSince = null }, cancellationToken).ConfigureAwait(false);
            }
        }

        foreach (var instance in serving.Instances.Where(i => i.ReplacingSince is null))
        {
            if (!fleet.Server(instance).HasExited && !await IsUnhealthyAsync(instance, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            var replacement = await replacing.GetOrAdd(instance.Directory, _ => new Lazy<Task<LocalEndpointInstance?>>(() => fleet.StartInstanceAsync(instance, now, CancellationToken.None))).Value.ConfigureAwait(false);
            try
            {
                if (replacement is null)
                {
                    return await FailServingAsync(name, serving, Crash(serving) ?? $"The model server of variant {instance.VariantName} stopped answering the ping health check.", now, cancellationToken).ConfigureAwait(false);
                }

                var stored = await SetAsync(
                    name,
                    r => !Serves(r, serving, instance.Directory) ? r
                        : LocalEndpointTransitions.Recounted(r with
                        {
                            Current = r.Current! with { Instances = [.. r.Current!.Instances.Select(i => i.Directory == instance.Directory ? replacement : i)] },
                            Retiring = [.. r.Retiring, .. LocalEndpointTransitions.Retire([instance], now)],
                        }),
                    CancellationToken.None).ConfigureAwait(false);
                if (stored?.Current?.Instances.Any(i => i.Directory == replacement.Directory) != true)
                {
                    // Deleted, updated or failed meanwhile: the replacement must not bring back a fleet nobody serves.
                    await fleet.DiscardAsync(replacement, CancellationToken.None).ConfigureAwait(false);
                }
                else
                {
                    logger.LogWarning("Local endpoint {EndpointName}: instance {Instance} of variant {VariantName} replaced by {Replacement}", name, Path.GetFileName(instance.Directory), instance.VariantName, Path.GetFileName(replacement.Directory));
                }

                record = stored ?? throw NotFound(name);
            }
            finally
            {
                replacing.TryRemove(instance.Directory, out _);
                pings.TryRemove(instance.Directory, out _);
            }
        }

        return record;
    }

    /// <summary>Whether the record still serves <paramref name="serving"/>, InService, with the instance in it.</summary>
    private static bool Serves(LocalEndpointRecord record, LocalDeployment serving, string instanceDirectory) =>
        record.Description.EndpointStatus == EndpointStatus.InService && record.Current?.Id == serving.Id && record.Current.Instances.Any(i => i.Directory == instanceDirectory);

    private async Task<LocalEndpointRecord> SetServingAsync(string name, LocalDeployment serving, string instanceDirectory, Func<LocalEndpointInstance, LocalEndpointInstance> change, CancellationToken cancellationToken) =>
        await SetAsync(
            name,
            r => !Serves(r, serving, instanceDirectory) ? r
                : LocalEndpointTransitions.Recounted(r with { Current = r.Current! with { Instances = [.. r.Current!.Instances.Select(i => i.Directory == instanceDirectory ? change(i) : i)] } }),
            cancellationToken).ConfigureAwait(false) ?? throw NotFound(name);

    /// <summary>
    /// A running server is unhealthy once it has failed <see cref="UnhealthyPings"/> pings in a row, each at least
    /// <see cref="PingInterval"/> after the last (counted by this process); it is then killed, to be replaced.
    /// </summary>
    private async Task<bool> IsUnhealthyAsync(LocalEndpointInstance instance, CancellationToken cancellationToken)
    {
        var last = pings.GetValueOrDefault(instance.Directory);
        if (last.At != 0 && timeProvider.GetElapsedTime(last.At) < PingInterval)
        {
            return false;
        }

        var failures = await fleet.PingAsync(instance, cancellationToken).ConfigureAwait(false) ? 0 : last.Failures + 1;
        pings[instance.Directory] = (timeProvider.GetTimestamp(), failures);
        if (failures < UnhealthyPings)
        {
            return false;
        }

        logger.LogWarning("Local endpoint instance {Instance} failed {Count} pings in a row; killing it to replace it", instance.Directory, failures);
        var server = fleet.Server(instance);
        server.Kill();
        await server.WaitForExitAsync(options.StopGracePeriod, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>The serving fleet cannot be kept: Failed with the reason, every server of the record stopped.</summary>
    private async Task<LocalEndpointRecord> FailServingAsync(string name, LocalDeployment serving, string reason, DateTimeOffset now, CancellationToken cancellationToken) =>
        await SetAsync(
            name,
            r => r.Current?.Id != serving.Id || r.Description.EndpointStatus != EndpointStatus.InService ? r
                : transitions.Failed(
                    r with
                    {
                        Current = null,
                        Pending = null,
                        PendingConfigName = null,
                        Retiring = [.. r.Retiring, .. LocalEndpointTransitions.Retire(r.Current.Instances, now), .. LocalEndpointTransitions.Retire(r.Pending?.Instances ?? [], now)],
                    },
                    reason),
            cancellationToken).ConfigureAwait(false) ?? throw NotFound(name);

    /// <summary>Why a fleet cannot serve: the first of its servers that has exited, with its code and log tail; null while all run.</summary>
    private string? Crash(LocalDeployment deployment)
    {
        var crashed = deployment.Instances.Select(i => (Instance: i, Server: fleet.Server(i))).FirstOrDefault(x => x.Server.HasExited);
        return crashed.Instance is null ? null
            : $"The model server of variant {crashed.Instance.VariantName} exited (code {crashed.Server.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "unknown"}); local mode replaces instances of an in-service fleet only. {LocalServerFleet.LogTail(crashed.Instance)}";
    }

    /// <summary>Whether each variant of the fleet has at least one server that has not exited.</summary>
    private bool LiveInEveryVariant(LocalDeployment deployment) =>
        LocalEndpointTransitions.Variants(deployment).All(v => v.Any(i => !fleet.Server(i).HasExited));

    /// <summary>
    /// Ends a failed update: the old fleet keeps serving (InService, the reason kept) while each of its variants has a
    /// live instance (the dead ones are then replaced); when a variant has none left, no fleet can take the traffic back
    /// and the endpoint is Failed with both reasons.
    /// </summary>
    private LocalEndpointRecord RollBack(LocalEndpointRecord record, string reason, DateTimeOffset now)
    {
        // As on SageMaker, a fleet whose every variant still has a live instance takes the traffic back; its dead
        // instances are replaced by the next reader of the (then InService) endpoint, as any dead instance is.
        if (record.Current is { } serving && LiveInEveryVariant(serving))
        {
            return transitions.RolledBack(record, reason);
        }

        var why = record.Current is null ? "no configuration is serving." : Crash(record.Current!);
        return transitions.Failed(
            record with
            {
                Current = null,
                Pending = null,
                PendingConfigName = null,
                Retiring = [.. record.Retiring, .. LocalEndpointTransitions.Retire(record.Current?.Instances ?? [], now)],
            },
            $"{reason} The old configuration cannot take the traffic back: {why}");
    }

    /// <summary>
    /// Called inside the transaction that ends an abandoned launch: the launching process may have died after creating
    /// its deployment folder, or even after starting servers, without recording them. Folders of this endpoint that no
    /// fleet of the record names are its leftovers: those with a started server are retired (stopped, then deleted,
    /// by <see cref="RetireAsync"/>), the others are added to <paramref name="unstarted"/> for deletion after commit.
    /// Listing them inside the transaction is what makes it safe: a new launch writes its status before its folder.
    /// </summary>
    private LocalEndpointRecord AdoptOrphans(LocalEndpointRecord record, DateTimeOffset now, List<string> unstarted)
    {
        var folder = Path.Combine(state.Home, "endpoints", record.Description.EndpointName);
        if (!Directory.Exists(folder))
        {
            return record;
        }

        var known = Fleets(record).Select(i => Path.GetDirectoryName(i.Directory)!).ToHashSet(StringComparer.Ordinal);
        var adopted = new List<LocalEndpointInstance>();
        foreach (var deployment in Directory.GetDirectories(folder).Where(d => !known.Contains(d)))
        {
            var started = Directory.GetDirectories(deployment).Where(i => File.Exists(Path.Combine(i, LocalServerFleet.ServerPidFileName))).ToList();
            if (started.Count == 0)
            {
                unstarted.Add(deployment);
            }

            adopted.AddRange(started.Select(i => new LocalEndpointInstance { VariantName = Path.GetFileName(i).Split(LocalServerFleet.InstanceSeparator)[0], Directory = i, Port = 0, RetireAt = now }));
        }

        return adopted.Count == 0 ? record : record with { Retiring = [.. record.Retiring, .. adopted] };
    }

    private Task<LocalEndpointRecord?> SetAsync(string name, Func<LocalEndpointRecord, LocalEndpointRecord> change, CancellationToken cancellationToken) =>
        state.UpdateAsync(LocalResourceKind.Endpoint, name, change, cancellationToken);

    private MlOpsException NotFound(string name) =>
        LocalErrors.MissingAsValidation($"Could not find endpoint \"{arns.For(LocalResourceKind.Endpoint, name)}\".", arns.For(LocalResourceKind.Endpoint, name));
}
