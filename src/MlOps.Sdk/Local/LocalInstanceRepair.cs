using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using MlOps.Sdk.SageMaker;

namespace MlOps.Sdk.Local;

/// <summary>
/// Keeps an in-service local endpoint at its instance count, as SageMaker replaces an instance whose container died
/// or fails its health checks. Called by <see cref="LocalEndpoints"/> whenever a process reads an InService endpoint.
/// </summary>
internal sealed class LocalInstanceRepair(
    LocalEndpointRecords records,
    LocalServerFleet fleet,
    LocalEndpointTransitions transitions,
    LocalOptions options,
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

    /// <summary>
    /// Keeps an in-service fleet at its instance count, as SageMaker replaces an instance whose container died or
    /// fails its health checks: a replacement that passed /ping takes traffic; an instance whose server exited, or
    /// that failed <see cref="UnhealthyPings"/> pings in a row (then killed), gets a replacement on the same model,
    /// recorded in the same transaction that retires it. The endpoint stays InService. Only a replacement that fails
    /// its own start (or an instance that cannot be rebuilt) ends the endpoint Failed, with the reason.
    /// </summary>
    internal async Task<LocalEndpointRecord> RepairAsync(LocalEndpointRecord record, LocalDeployment serving, DateTimeOffset now, CancellationToken cancellationToken)
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
                    return await FailServingAsync(name, serving, fleet.CrashOf(serving) ?? $"The model server of variant {instance.VariantName} stopped answering the ping health check.", now, cancellationToken).ConfigureAwait(false);
                }

                var stored = await records.SetAsync(
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

                record = stored ?? throw records.NotFound(name);
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
        await records.SetAsync(
            name,
            r => !Serves(r, serving, instanceDirectory) ? r
                : LocalEndpointTransitions.Recounted(r with { Current = r.Current! with { Instances = [.. r.Current!.Instances.Select(i => i.Directory == instanceDirectory ? change(i) : i)] } }),
            cancellationToken).ConfigureAwait(false) ?? throw records.NotFound(name);

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
        await records.SetAsync(
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
            cancellationToken).ConfigureAwait(false) ?? throw records.NotFound(name);
}
