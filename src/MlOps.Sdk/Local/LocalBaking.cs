using MlOps.Sdk.SageMaker;

namespace MlOps.Sdk.Local;

/// <summary>
/// A blue/green update in its baking period: the new fleet takes the traffic (it is the record's Current) while the
/// old fleet keeps running, ready to take it back. The endpoint stays Updating until the period ends; an auto-rollback
/// alarm in ALARM (or a crash of the new fleet) before then sends the traffic back to <see cref="Previous"/>.
/// </summary>
internal sealed record LocalBaking
{
    /// <summary>The fleet the update replaces, still running.</summary>
    public required LocalDeployment Previous { get; init; }

    /// <summary>When the traffic moved to the new fleet.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>When the period ends: the update completes then, and the old fleet is stopped.</summary>
    public required DateTimeOffset EndsAt { get; init; }

    /// <summary>
    /// How long the new fleet bakes: one <c>WaitIntervalInSeconds</c> per traffic step (one step for all-at-once and for
    /// canary's first step, <c>ceil(capacity / step)</c> for linear) plus <c>TerminationWaitInSeconds</c>; zero without
    /// a blue/green policy. Local mode shifts all traffic at once, but waits out the whole schedule, so an alarm has the
    /// time to trip that it would have on SageMaker.
    /// </summary>
    internal static TimeSpan Period(DeploymentConfig? config, LocalDeployment green)
    {
        if (config?.BlueGreenUpdatePolicy is not { } policy)
        {
            return TimeSpan.Zero;
        }

        var routing = policy.TrafficRoutingConfiguration;
        var steps = 1;
        if (routing.Type == TrafficRoutingConfigType.Linear && routing.LinearStepSize is { Value: > 0 } step)
        {
            var capacity = Math.Max(1, LocalEndpointTransitions.Variants(green).Sum(v => v.First().DesiredInstanceCount));
            steps = step.Type == CapacitySizeType.CapacityPercent
                ? (int)Math.Ceiling(100.0 / step.Value)
                : (int)Math.Ceiling((double)capacity / step.Value);
        }

        return TimeSpan.FromSeconds(((long)steps * routing.WaitIntervalInSeconds) + (policy.TerminationWaitInSeconds ?? 0));
    }

    /// <summary>The alarm names a deployment config watches (<c>AutoRollbackConfiguration.Alarms</c>).</summary>
    internal static IReadOnlyList<string> AlarmNames(DeploymentConfig? config) =>
        [.. (config?.AutoRollbackConfiguration?.Alarms ?? []).Select(a => a.AlarmName).OfType<string>()];
}
