using Microsoft.Extensions.Logging;
using MlOps.Sdk.SageMaker;

namespace MlOps.Sdk.Local;

/// <summary>
/// The endpoint state machine of local mode: Creating → InService or Failed, InService → Updating → InService on the
/// new fleet or, when the new fleet fails, back to InService on the old one with the reason kept (as SageMaker does).
/// Creating and Updating to a new config carry DescribeEndpoint's PendingDeploymentSummary (set where they start);
/// every transition out of them (InService, Failed, RolledBack) drops it, as SageMaker returns it only while the
/// endpoint is creating or updating with a new endpoint configuration.
/// Each transition returns the new record; the caller stores it under the state store's lock.
/// </summary>
internal sealed class LocalEndpointTransitions(TimeProvider timeProvider, ILogger logger)
{
    /// <summary>
    /// RetainAllVariantProperties: each variant of the new fleet that the serving fleet also has keeps its instance
    /// count and weight (which auto-scaling may have changed) instead of the new config's.
    /// </summary>
    internal static LocalDeployment Retained(LocalDeployment deployment, LocalDeployment serving) => deployment with
    {
        Instances = [.. deployment.Instances.Select(i => serving.Instances.FirstOrDefault(s => s.VariantName == i.VariantName) is { } old
            ? i with { DesiredInstanceCount = old.DesiredInstanceCount, Weight = old.Weight }
            : i)],
    };

    internal static IEnumerable<LocalEndpointInstance> Retire(IEnumerable<LocalEndpointInstance> instances, DateTimeOffset at) =>
        instances.Select(i => i with { RetireAt = at, TerminatedAt = null });

    internal LocalEndpointRecord InService(LocalEndpointRecord record, DateTimeOffset now)
    {
        var deployment = record.Current!;
        var variants = Variants(deployment);
        var total = variants.Sum(v => v.First().Weight);
        return record with
        {
            Description = record.Description with
            {
                EndpointStatus = EndpointStatus.InService,
                EndpointConfigName = deployment.EndpointConfigName,
                LastModifiedTime = now,
                PendingDeploymentSummary = null,
                ProductionVariants = [.. variants.Select(v => new ProductionVariantSummary
                {
                    VariantName = v.Key,
                    CurrentWeight = total > 0 ? v.First().Weight : 1,
                    DesiredWeight = total > 0 ? v.First().Weight : 1,
                    CurrentInstanceCount = CurrentInstanceCount(v),
                    DesiredInstanceCount = v.First().DesiredInstanceCount,
                })],
            },
        };
    }

    /// <summary>
    /// The serving fleet has changed instances (one replaced, or a replacement now healthy): each variant's
    /// CurrentInstanceCount leaves out the replacements that take no traffic yet, as SageMaker's drops while it
    /// replaces an instance and is restored once the new one is in service. Status and times are unchanged.
    /// </summary>
    internal static LocalEndpointRecord Recounted(LocalEndpointRecord record)
    {
        var variants = Variants(record.Current!).ToDictionary(v => v.Key, StringComparer.Ordinal);
        return record with
        {
            Description = record.Description with
            {
                ProductionVariants = record.Description.ProductionVariants?
                    .Select(v => variants.TryGetValue(v.VariantName, out var instances) ? v with { CurrentInstanceCount = CurrentInstanceCount(instances) } : v)
                    .ToList(),
            },
        };
    }

    /// <summary>A fleet's instances by variant, in the fleet's order.</summary>
    internal static IReadOnlyList<IGrouping<string, LocalEndpointInstance>> Variants(LocalDeployment deployment) =>
        [.. deployment.Instances.GroupBy(i => i.VariantName, StringComparer.Ordinal)];

    private static int CurrentInstanceCount(IGrouping<string, LocalEndpointInstance> variant) =>
        Math.Max(0, variant.First().DesiredInstanceCount - variant.Count(i => i.ReplacingSince is not null));

    internal LocalEndpointRecord Failed(LocalEndpointRecord record, string reason)
    {
        logger.LogWarning("Local endpoint {EndpointName} failed: {Reason}", record.Description.EndpointName, reason);
        return record with
        {
            Description = record.Description with { EndpointStatus = EndpointStatus.Failed, FailureReason = reason, LastModifiedTime = LocalTimestamp.Now(timeProvider), PendingDeploymentSummary = null },
        };
    }

    /// <summary>A failed update leaves the old fleet serving: InService again, with the reason kept (as SageMaker does).</summary>
    internal LocalEndpointRecord RolledBack(LocalEndpointRecord record, string reason)
    {
        logger.LogWarning("Local endpoint {EndpointName}: update failed, old configuration keeps serving: {Reason}", record.Description.EndpointName, reason);
        return record with
        {
            PendingConfigName = null,
            Pending = null,
            Description = record.Description with { EndpointStatus = EndpointStatus.InService, FailureReason = reason, LastModifiedTime = LocalTimestamp.Now(timeProvider), PendingDeploymentSummary = null },
        };
    }
}
