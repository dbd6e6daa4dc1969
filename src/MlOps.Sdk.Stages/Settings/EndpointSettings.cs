using MlOps.Sdk.Endpoints;
using MlOps.Sdk.Naming;

namespace MlOps.Sdk.Stages.Settings;

/// <summary>The endpoint's settings: <c>manifest.json</c> <c>endpoint</c>, overridden by the deploy stage's options.</summary>
internal sealed record EndpointSettings
{
    /// <summary>The production endpoint's name (<c>endpoint.name</c>), or <see langword="null"/> for the namer's.</summary>
    public string? Name { get; init; }

    /// <summary>The instance type (<c>endpoint.instanceType</c>, default <c>ml.m5.large</c>).</summary>
    public required string InstanceType { get; init; }

    /// <summary>How many instances (<c>endpoint.initialInstanceCount</c>, or the older <c>endpoint.instanceCount</c>; default 1).</summary>
    public required int InstanceCount { get; init; }

    /// <summary>
    /// The variants' auto-scaling (<c>endpoint.autoScaling</c>: <c>minCapacity</c>, <c>maxCapacity</c>,
    /// <c>targetInvocationsPerInstance</c>, <c>scaleInCooldownSeconds</c> default 300, <c>scaleOutCooldownSeconds</c>
    /// default 60), or <see langword="null"/> when none of the first three is set.
    /// </summary>
    public EndpointAutoScalingSpec? AutoScaling { get; init; }

    /// <summary>
    /// The endpoint of a run: the production endpoint (<see cref="Name"/>, else the namer's) on stable runs, else the
    /// merge request's candidate endpoint.
    /// </summary>
    /// <param name="namer">The project's namer.</param>
    /// <param name="release">The run.</param>
    /// <returns>The endpoint's name.</returns>
    public string EndpointNameFor(ResourceNamer namer, ReleaseContext release) =>
        release.Kind == ReleaseKind.Stable ? ProductionEndpointName(namer) : namer.EndpointName(release);

    /// <summary>The production endpoint: <see cref="Name"/>, else the namer's.</summary>
    /// <param name="namer">The project's namer.</param>
    /// <returns>The endpoint's name.</returns>
    public string ProductionEndpointName(ResourceNamer namer) => Name ?? namer.ProductionEndpointName;

    /// <summary>Reads and checks the settings.</summary>
    /// <param name="values">The stage's layers.</param>
    /// <returns>The settings.</returns>
    /// <exception cref="MlOpsValidationException">A value breaks its rule; the message names it.</exception>
    public static EndpointSettings Read(StageSettingValues values)
    {
        values.FirstText("endpoint.initialInstanceCount", "endpoint.instanceCount");
        return new EndpointSettings
        {
            Name = values.Text("endpoint.name"),
            InstanceType = values.Text("endpoint.instanceType") ?? "ml.m5.large",
            InstanceCount = values.Whole(values.FirstPathSet("endpoint.initialInstanceCount", "endpoint.instanceCount"), 1, 100) ?? 1,
            AutoScaling = AutoScalingOf(values),
        };
    }

    private static EndpointAutoScalingSpec? AutoScalingOf(StageSettingValues values)
    {
        const string Section = "endpoint.autoScaling";
        var min = values.Whole($"{Section}.minCapacity", int.MinValue, int.MaxValue, "must be a whole number");
        var max = values.Whole($"{Section}.maxCapacity", int.MinValue, int.MaxValue, "must be a whole number");
        var target = values.Number($"{Section}.targetInvocationsPerInstance", rule: "must be a number");
        var scaleIn = values.Whole($"{Section}.scaleInCooldownSeconds", int.MinValue, int.MaxValue, "must be whole seconds") ?? 300;
        var scaleOut = values.Whole($"{Section}.scaleOutCooldownSeconds", int.MinValue, int.MaxValue, "must be whole seconds") ?? 60;
        if (min is null && max is null && target is null)
        {
            return null;
        }

        var spec = new EndpointAutoScalingSpec
        {
            MinCapacity = min ?? throw new MlOpsValidationException($"{Section}.minCapacity", "is required with maxCapacity and targetInvocationsPerInstance"),
            MaxCapacity = max ?? throw new MlOpsValidationException($"{Section}.maxCapacity", "is required with minCapacity and targetInvocationsPerInstance"),
            TargetInvocationsPerInstance = target ?? throw new MlOpsValidationException($"{Section}.targetInvocationsPerInstance", "is required with minCapacity and maxCapacity"),
            ScaleInCooldownSeconds = scaleIn,
            ScaleOutCooldownSeconds = scaleOut,
        };
        spec.Validate(Section);
        return spec;
    }
}
