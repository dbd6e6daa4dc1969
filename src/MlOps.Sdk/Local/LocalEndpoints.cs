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
/// instance of an in-service fleet whose server died or stopped answering /ping is replaced
/// (<see cref="LocalInstanceRepair"/>); a crash while an update is in progress is not, and decides the update as
/// before. A change of instance counts is <see cref="LocalEndpointScaling"/>'s.
/// </summary>
internal sealed class LocalEndpoints(
    LocalStateStore state,
    LocalModels models,
    LocalArns arns,
    LocalOptions options,
    LocalServerFleet fleet,
    LocalEndpointTransitions transitions,
    LocalEndpointRecords records,
    LocalInstanceRepair repair,
    LocalEndpointScaling scaling,
    TimeProvider timeProvider,
    ILogger logger)
{
    internal LocalServerFleet Fleet => fleet;

    internal async Task<CreateEndpointResponse> CreateAsync(CreateEndpointRequest request, CancellationToken cancellationToken)
    {
        var name = request.EndpointName;
        var config = await models.GetConfigAsync(request.EndpointConfigName, cancellationToken).ConfigureAwait(false);
        var arn = arns.For(LocalResourceKind.Endpoint, name);
        EnsureWithinInstanceLimit(config, arn);
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
                PendingDeploymentSummary = new PendingDeploymentSummary { EndpointConfigName = config.EndpointConfigName, StartTime = now },
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
            await records.SetAsync(name, r => r.Description.EndpointStatus == EndpointStatus.Creating && r.Current is null ? transitions.Failed(r, reason) : r, CancellationToken.None).ConfigureAwait(false);
            if (ex is OperationCanceledException)
            {
                throw;
            }

            return new CreateEndpointResponse { EndpointArn = arn };
        }

        var stored = await records.SetAsync(
            name,
            r => r.Description.EndpointStatus == EndpointStatus.Creating && r.Current is null ? r with { Current = deployment } : r,
            CancellationToken.None).ConfigureAwait(false);
        if (stored?.Current?.Id != deployment.Id)
        {
            // Deleted (or failed) while starting: nobody else knows these processes or their folder, so both go here.
            await fleet.DiscardAsync(deployment, CancellationToken.None).ConfigureAwait(false);
        }

        return new CreateEndpointResponse { EndpointArn = arn };
    }

    internal async Task<DescribeEndpointResponse> DescribeAsync(DescribeEndpointRequest request, CancellationToken cancellationToken)
    {
        return (await GetReconciledAsync(request.EndpointName, cancellationToken).ConfigureAwait(false)).Description;
    }

    private void EnsureWithinInstanceLimit(DescribeEndpointConfigResponse config, string arn)
    {
        foreach (var variant in config.ProductionVariants)
        {
            LocalInstanceLimit.EnsureWithin(options, variant.VariantName, variant.InitialInstanceCount, arn);
        }
    }

    internal async Task<LocalEndpointRecord> GetReconciledAsync(string name, CancellationToken cancellationToken)
    {
        var record = await state.GetAsync<LocalEndpointRecord>(LocalResourceKind.Endpoint, name, cancellationToken).ConfigureAwait(false)
            ?? throw records.NotFound(name);
        return await ReconcileAsync(record, cancellationToken).ConfigureAwait(false);
    }

    internal async Task<UpdateEndpointResponse> UpdateAsync(UpdateEndpointRequest request, CancellationToken cancellationToken)
    {
        var name = request.EndpointName;
        var config = await models.GetConfigAsync(request.EndpointConfigName, cancellationToken).ConfigureAwait(false);
        request.ValidateAgainstConfig(config);
        EnsureWithinInstanceLimit(config, arns.For(LocalResourceKind.Endpoint, name));
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
                        PendingDeploymentSummary = new PendingDeploymentSummary { EndpointConfigName = config.EndpointConfigName, StartTime = now },
                    },
                };
                t.Replace(LocalResourceKind.Endpoint, name, next);
                return next;
            },
            cancellationToken).ConfigureAwait(false);
        if (outcome is null)
        {
            throw records.NotFound(name);
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
            await records.SetAsync(name, r => r.Description.EndpointStatus == EndpointStatus.Updating && r.Pending is null ? RollBack(r, reason, LocalTimestamp.Now(timeProvider)) : r, CancellationToken.None).ConfigureAwait(false);
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

        var stored = await records.SetAsync(
            name,
            r => r.Description.EndpointStatus == EndpointStatus.Updating && r.Pending is null ? r with { Pending = deployment } : r,
            CancellationToken.None).ConfigureAwait(false);
        if (stored?.Pending?.Id != deployment.Id)
        {
            // Deleted, or the update ended by another reader, while starting: as for a create, nobody else removes them.
            await fleet.DiscardAsync(deployment, CancellationToken.None).ConfigureAwait(false);
        }

        return new UpdateEndpointResponse { EndpointArn = outcome.Description.EndpointArn };
    }

    /// <summary>UpdateEndpointWeightsAndCapacities, on the endpoint as it is now (see <see cref="LocalEndpointScaling"/>).</summary>
    internal Task<UpdateEndpointWeightsAndCapacitiesResponse> UpdateWeightsAndCapacitiesAsync(UpdateEndpointWeightsAndCapacitiesRequest request, CancellationToken cancellationToken) =>
        scaling.UpdateWeightsAndCapacitiesAsync(request, GetReconciledAsync, cancellationToken);

    internal async Task DeleteAsync(DeleteEndpointRequest request, CancellationToken cancellationToken)
    {
        var name = request.EndpointName;
        var now = LocalTimestamp.Now(timeProvider);
        var unstarted = new List<string>();
        var record = await state.WriteAsync(
            t =>
            {
                var found = t.Get<LocalEndpointRecord>(LocalResourceKind.Endpoint, name);
                if (found is null)
                {
                    return null;
                }

                t.Delete(LocalResourceKind.Endpoint, name);
                // Once the record is gone no reader can adopt what an abandoned launch left, so its servers go now.
                unstarted.Clear();
                return AdoptOrphans(found, now, unstarted);
            },
            cancellationToken).ConfigureAwait(false) ?? throw records.NotFound(name);
        var instances = Fleets(record).ToList();
        await fleet.StopAsync(instances, cancellationToken).ConfigureAwait(false);
        // Before the fleets' folders: an unstarted scale-out instance's folder is inside one of them.
        await fleet.StopStrayChildrenAndDeleteAsync(unstarted, cancellationToken).ConfigureAwait(false);
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
            && LocalTimestamp.IsAfter(e.CreationTime, request.CreationTimeAfter)
            && LocalTimestamp.IsBefore(e.CreationTime, request.CreationTimeBefore)
            && LocalTimestamp.IsAfter(e.LastModifiedTime, request.LastModifiedTimeAfter)
            && LocalTimestamp.IsBefore(e.LastModifiedTime, request.LastModifiedTimeBefore));
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
                record = await records.SetAsync(
                    name,
                    r => r.Description.EndpointStatus == EndpointStatus.Creating && r.Current is null ? transitions.Failed(AdoptOrphans(r, now, orphans), reason) : r,
                    cancellationToken).ConfigureAwait(false) ?? throw records.NotFound(name);
                await fleet.StopStrayChildrenAndDeleteAsync(orphans, cancellationToken).ConfigureAwait(false);
                break;
            }

            case EndpointStatus.Updating when record.Scaling is { Launched: false } change && record.Current is not null && launchAbandoned:
            {
                // The servers it started are in the serving fleet's folder and in no record: adopted like any launch's.
                var orphans = new List<string>();
                record = await records.SetAsync(
                    name,
                    r => r.Scaling is { Launched: false } still && still.Id == change.Id && r.Current is not null ? scaling.Abandon(AdoptOrphans(r, now, orphans), now) : r,
                    cancellationToken).ConfigureAwait(false) ?? throw records.NotFound(name);
                await fleet.StopStrayChildrenAndDeleteAsync(orphans, cancellationToken).ConfigureAwait(false);
                break;
            }

            case EndpointStatus.Updating when record.Scaling is { } change && record.Current is not null:
                record = await scaling.ScaleAsync(record, change, now, cancellationToken).ConfigureAwait(false);
                break;

            case EndpointStatus.Updating when record.Baking is { } baking:
                record = await BakeAsync(record, baking, now, cancellationToken).ConfigureAwait(false);
                break;

            case EndpointStatus.Updating when record.Pending is null && launchAbandoned:
            {
                const string reason = "The process that updated this local endpoint ended before starting the new model servers.";
                var orphans = new List<string>();
                record = await records.SetAsync(
                    name,
                    r => r.Description.EndpointStatus == EndpointStatus.Updating && r.Pending is null ? RollBack(AdoptOrphans(r, now, orphans), reason, now) : r,
                    cancellationToken).ConfigureAwait(false) ?? throw records.NotFound(name);
                await fleet.StopStrayChildrenAndDeleteAsync(orphans, cancellationToken).ConfigureAwait(false);
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
                var updated = await records.SetAsync(
                    name,
                    r => r.Description.EndpointStatus != EndpointStatus.Creating || r.Current?.Id != starting.Id ? r
                        : healthy ? transitions.InService(r, now)
                        : transitions.Failed(r with { Current = null, Retiring = [.. r.Retiring, .. LocalEndpointTransitions.Retire(starting.Instances, now)] }, verdict),
                    cancellationToken).ConfigureAwait(false);
                record = updated ?? throw records.NotFound(name);
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
                var updated = await records.SetAsync(
                    name,
                    r => r.Description.EndpointStatus != EndpointStatus.Updating || r.Pending?.Id != green.Id ? r
                        : !healthy ? RollBack(r with { Pending = null, Retiring = [.. r.Retiring, .. LocalEndpointTransitions.Retire(green.Instances, now)] }, verdict, now)
                        : r.Current is { } blue && (bakeFor > TimeSpan.Zero || LocalBaking.AlarmNames(deploymentConfig).Count > 0)
                            // The traffic moves to the new fleet and the baking period starts: the update is not over
                            // (still Updating, on the old config) until it ends, and the old fleet stays for a rollback.
                            ? r with { Current = green, Pending = null, Baking = new LocalBaking { Previous = blue, StartedAt = now, EndsAt = now + bakeFor } }
                            : Complete(r with { Current = green, Pending = null }, r.Current?.Instances ?? [], now),
                    cancellationToken).ConfigureAwait(false);
                record = updated ?? throw records.NotFound(name);
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
                record = await repair.RepairAsync(record, serving, now, cancellationToken).ConfigureAwait(false);
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
            : fleet.CrashOf(green) is { } crash ? $"The new configuration {green.EndpointConfigName} failed while baking: {crash}"
            : null;
        if (reason is null && now < baking.EndsAt)
        {
            return record;
        }

        var updated = await records.SetAsync(
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

        return updated ?? throw records.NotFound(name);
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
        var updated = await records.SetAsync(
            record.Description.EndpointName,
            r => r with { Retiring = [.. r.Retiring.Where(i => !retiredIds.Contains(i.Directory)), .. remaining] },
            cancellationToken).ConfigureAwait(false);

        // A replaced deployment's folder (its model copy and logs) goes once its last process has exited.
        var inUse = updated is null ? [] : Fleets(updated).Select(i => Path.GetDirectoryName(i.Directory)!).ToHashSet(StringComparer.Ordinal);
        foreach (var orphan in exited.Where(i => i.Orphan && inUse.Contains(Path.GetDirectoryName(i.Directory)!)))
        {
            // Unlike a retired instance, whose log stays with its fleet, an orphan never served in it.
            LocalServerFleet.TryDeleteFolder(orphan.Directory);
        }

        // A replacement started in it by a reader that died before recording it still runs there: no record names it.
        await fleet.StopStrayChildrenAndDeleteAsync([.. exited.Select(i => Path.GetDirectoryName(i.Directory)!).Distinct(StringComparer.Ordinal).Where(f => !inUse.Contains(f))], cancellationToken).ConfigureAwait(false);

        return updated ?? record;
    }

    /// <summary>
    /// Ends a failed update: the old fleet keeps serving (InService, the reason kept) while each of its variants has a
    /// live instance (the dead ones are then replaced); when a variant has none left, no fleet can take the traffic back
    /// and the endpoint is Failed with both reasons.
    /// </summary>
    private LocalEndpointRecord RollBack(LocalEndpointRecord record, string reason, DateTimeOffset now)
    {
        // As on SageMaker, a fleet whose every variant still has a live instance takes the traffic back; its dead
        // instances are replaced by the next reader of the (then InService) endpoint, as any dead instance is.
        if (record.Current is { } serving && fleet.LiveInEveryVariant(serving))
        {
            return transitions.RolledBack(record, reason);
        }

        var why = record.Current is null ? "no configuration is serving." : fleet.CrashOf(record.Current!);
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
    /// Called inside the transaction that ends an abandoned launch (create, update or change of counts): the launching
    /// process may have died after creating its folders, or even after starting servers, without recording them.
    /// Deployment folders of this endpoint that no fleet of the record names are its leftovers, and so are the
    /// <c>&lt;variant&gt;.&lt;id&gt;</c> instance folders no fleet names inside one that it does (where a scale-out starts its
    /// servers). Those with a started server are retired as <see cref="LocalEndpointInstance.Orphan"/>s (stopped, then
    /// deleted, by <see cref="RetireAsync"/>), the others are added to <paramref name="unstarted"/> for deletion after
    /// commit. Listing them inside the transaction is what makes it safe: a new launch writes its status before its folder.
    /// </summary>
    private LocalEndpointRecord AdoptOrphans(LocalEndpointRecord record, DateTimeOffset now, List<string> unstarted)
    {
        var folder = Path.Combine(state.Home, "endpoints", record.Description.EndpointName);
        if (!Directory.Exists(folder))
        {
            return record;
        }

        var known = Fleets(record).Select(i => i.Directory).ToHashSet(StringComparer.Ordinal);
        var knownDeployments = known.Select(i => Path.GetDirectoryName(i)!).ToHashSet(StringComparer.Ordinal);
        var adopted = new List<LocalEndpointInstance>();
        foreach (var deployment in Directory.GetDirectories(folder))
        {
            if (!knownDeployments.Contains(deployment))
            {
                var started = Directory.GetDirectories(deployment).Where(HasStarted).ToList();
                if (started.Count == 0)
                {
                    unstarted.Add(deployment);
                }

                adopted.AddRange(started.Select(i => Orphan(i, now)));
                continue;
            }

            // Only <variant>.<id> folders: the variant's first folder holds the model its instances serve. An unnamed
            // one whose server has exited is a retired instance, whose log stays with its fleet until the fleet goes.
            foreach (var instance in Directory.GetDirectories(deployment).Where(i => !known.Contains(i) && Path.GetFileName(i).Contains(LocalServerFleet.InstanceSeparator)))
            {
                var orphan = Orphan(instance, now);
                if (!HasStarted(instance))
                {
                    unstarted.Add(instance);
                }
                else if (!fleet.Server(orphan).HasExited)
                {
                    adopted.Add(orphan);
                }
            }
        }

        return adopted.Count == 0 ? record : record with { Retiring = [.. record.Retiring, .. adopted] };
    }

    private static bool HasStarted(string instanceFolder) => File.Exists(Path.Combine(instanceFolder, LocalServerFleet.ServerPidFileName));

    private static LocalEndpointInstance Orphan(string instanceFolder, DateTimeOffset now) => new()
    {
        VariantName = Path.GetFileName(instanceFolder).Split(LocalServerFleet.InstanceSeparator)[0],
        Directory = instanceFolder,
        Port = 0,
        RetireAt = now,
        Orphan = true,
    };
}
