using Microsoft.Extensions.Logging;
using MlOps.Sdk.SageMaker;

namespace MlOps.Sdk.Local;

/// <summary>
/// A change of a local endpoint's instance counts (UpdateEndpointWeightsAndCapacities, or Application Auto Scaling's
/// through it): servers started or stopped on the serving fleet, then InService again. <see cref="LocalEndpoints"/>
/// hands the request on and calls <see cref="ScaleAsync"/> whenever a process reads an endpoint that is scaling.
/// </summary>
internal sealed class LocalEndpointScaling(
    LocalEndpointRecords records,
    LocalStateStore state,
    LocalArns arns,
    LocalOptions options,
    LocalServerFleet fleet,
    LocalEndpointTransitions transitions,
    TimeProvider timeProvider,
    ILogger logger)
{
    /// <summary>
    /// UpdateEndpointWeightsAndCapacities: the endpoint goes Updating on its serving fleet; a variant whose
    /// DesiredInstanceCount grows gets new servers on the same model (<see cref="LocalServerFleet.StartInstanceAsync"/>,
    /// as a replacement does), which take traffic once their /ping passes; a variant that shrinks has its most recently
    /// added instances taken out of the traffic at once and stopped. InService again (see <see cref="ScaleAsync"/>) once
    /// every new server is healthy and every surplus one has exited. Refused unless the endpoint is InService.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="reconcile">Brings the endpoint's record up to date first, as every read of it does.</param>
    /// <param name="cancellationToken">Cancels the change.</param>
    internal async Task<UpdateEndpointWeightsAndCapacitiesResponse> UpdateWeightsAndCapacitiesAsync(UpdateEndpointWeightsAndCapacitiesRequest request, Func<string, CancellationToken, Task> reconcile, CancellationToken cancellationToken)
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

            LocalInstanceLimit.EnsureWithin(options, variant.VariantName, variant.DesiredInstanceCount, arn);
        }

        await reconcile(name, cancellationToken).ConfigureAwait(false);
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
            cancellationToken).ConfigureAwait(false) ?? throw records.NotFound(name);
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
            await records.SetAsync(name, r => r.Scaling?.Id == id ? EndScaling(r, reason, LocalTimestamp.Now(timeProvider)) : r, CancellationToken.None).ConfigureAwait(false);
            if (ex is OperationCanceledException)
            {
                throw;
            }

            return new UpdateEndpointWeightsAndCapacitiesResponse { EndpointArn = arn };
        }

        var stored = await records.SetAsync(
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

    /// <summary>The FailureReason of a change of counts whose process ended before recording the servers it started.</summary>
    internal const string AbandonedReason = "The process that scaled this local endpoint ended before starting the new model servers.";

    /// <summary>
    /// Ends a change of counts whose process ended (or passed LaunchTimeout) before recording the servers it started
    /// (<see cref="LocalScaling.Launched"/> still false): InService at the counts the fleet had, with
    /// <see cref="AbandonedReason"/>. No record names the servers it may have started; the caller adopts them in the
    /// same transaction, as for an abandoned create or update.
    /// </summary>
    internal LocalEndpointRecord Abandon(LocalEndpointRecord record, DateTimeOffset now) => EndScaling(record, AbandonedReason, now);

    /// <summary>
    /// One look at a change of counts: an added server that passed /ping takes traffic; one that exited or missed the
    /// startup health-check timeout ends the change (see <see cref="EndScaling"/>); once all added servers serve and
    /// all surplus ones have exited, the endpoint is InService with CurrentInstanceCount equal to the desired count.
    /// Until the asking process has recorded its servers there is nothing to look at (an abandoned one is ended by
    /// <see cref="Abandon"/>).
    /// </summary>
    internal async Task<LocalEndpointRecord> ScaleAsync(LocalEndpointRecord record, LocalScaling scaling, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var name = record.Description.EndpointName;
        if (!scaling.Launched)
        {
            return record;
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

            record = await records.SetAsync(
                name,
                r => r.Scaling?.Id != scaling.Id || r.Current is null ? r
                    : verdict.Length > 0 ? EndScaling(r, verdict, now)
                    : r with { Current = r.Current with { Instances = [.. r.Current.Instances.Select(i => i.Directory == instance.Directory ? i with { ReplacingSince = null } : i)] } },
                cancellationToken).ConfigureAwait(false) ?? throw records.NotFound(name);
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

        var done = await records.SetAsync(
            name,
            r => r.Scaling?.Id != scaling.Id || r.Description.EndpointStatus != EndpointStatus.Updating ? r : transitions.InService(r with { Scaling = null, Launcher = null }, now),
            cancellationToken).ConfigureAwait(false) ?? throw records.NotFound(name);
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
}
