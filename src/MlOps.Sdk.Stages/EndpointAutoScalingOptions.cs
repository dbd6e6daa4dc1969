using System.Globalization;
using MlOps.Sdk.Endpoints;
using MlOps.Sdk.Stages.Settings;

namespace MlOps.Sdk.Stages;

/// <summary>
/// The auto-scaling options of the stages that deploy or roll back an endpoint: the manifest's
/// <c>endpoint.autoScaling</c> (<c>minCapacity</c>, <c>maxCapacity</c>, <c>targetInvocationsPerInstance</c>,
/// <c>scaleInCooldownSeconds</c>, <c>scaleOutCooldownSeconds</c>), each overridable on the command line.
/// </summary>
public static class EndpointAutoScalingOptions
{
    /// <summary><c>--auto-scaling</c>: scale the endpoint's variants as the manifest says.</summary>
    public static readonly StageOption AutoScaling = StageOption.Flag("auto-scaling", "register the endpoint's variants with Application Auto Scaling as manifest.json endpoint.autoScaling says", defaultValue: true);

    /// <summary><c>--min-capacity</c>: the fewest instances per variant.</summary>
    public static readonly StageOption MinCapacity = StageOption.Create("min-capacity", "auto-scaling: the fewest instances per variant (manifest.json: endpoint.autoScaling.minCapacity)") with { ManifestKey = "endpoint.autoScaling.minCapacity" };

    /// <summary><c>--max-capacity</c>: the most instances per variant.</summary>
    public static readonly StageOption MaxCapacity = StageOption.Create("max-capacity", "auto-scaling: the most instances per variant (manifest.json: endpoint.autoScaling.maxCapacity)") with { ManifestKey = "endpoint.autoScaling.maxCapacity" };

    /// <summary><c>--target-invocations</c>: invocations per instance per minute to track.</summary>
    public static readonly StageOption TargetInvocations = StageOption.Create("target-invocations", "auto-scaling: invocations per instance per minute to keep (manifest.json: endpoint.autoScaling.targetInvocationsPerInstance)") with { ManifestKey = "endpoint.autoScaling.targetInvocationsPerInstance" };

    /// <summary>All of them.</summary>
    public static readonly IReadOnlyList<StageOption> All = [AutoScaling, MinCapacity, MaxCapacity, TargetInvocations];

    /// <summary>The spec the options and the manifest give, or <see langword="null"/> when auto-scaling is off or not configured.</summary>
    /// <param name="arguments">The stage's arguments, over the project's manifest.</param>
    /// <returns>The validated spec, or <see langword="null"/>.</returns>
    /// <exception cref="MlOpsValidationException">A value is not a number or breaks a rule; the message names the option or key.</exception>
    public static EndpointAutoScalingSpec? Resolve(StageArguments arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        return arguments.GetBoolean(AutoScaling.Name) ? EndpointSettings.Read(arguments.Values).AutoScaling : null;
    }

    /// <summary>How a spec is shown: <c>1–2 instances, 100 invocations per instance per minute</c>.</summary>
    /// <param name="spec">The spec.</param>
    /// <returns>The text.</returns>
    public static string Describe(EndpointAutoScalingSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return string.Create(CultureInfo.InvariantCulture, $"{spec.MinCapacity}–{spec.MaxCapacity} instances, {spec.TargetInvocationsPerInstance} invocations per instance per minute");
    }
}
