using MlOps.Sdk.SageMaker;

namespace MlOps.Sdk.Endpoints;

/// <summary>How a blue/green update shifts traffic to the new fleet: all at once, a canary first, or in linear steps.</summary>
public sealed record EndpointTrafficRouting
{
    private EndpointTrafficRouting(TrafficRoutingConfigType type, int? percent, TimeSpan waitInterval)
    {
        Type = type;
        Percent = percent;
        WaitInterval = waitInterval;
    }

    /// <summary>The kind of shift.</summary>
    public TrafficRoutingConfigType Type { get; }

    /// <summary>The canary size or the linear step, as a percentage of capacity; <see langword="null"/> for all at once.</summary>
    public int? Percent { get; }

    /// <summary>How long to bake after each shift before the next (0-3600 s).</summary>
    public TimeSpan WaitInterval { get; }

    /// <summary>Shift all traffic at once, then bake.</summary>
    /// <param name="waitInterval">The bake time; zero when omitted.</param>
    /// <returns>The routing.</returns>
    public static EndpointTrafficRouting AllAtOnce(TimeSpan? waitInterval = null) => new(TrafficRoutingConfigType.AllAtOnce, null, waitInterval ?? TimeSpan.Zero);

    /// <summary>Shift a canary share of traffic, bake, then shift the rest.</summary>
    /// <param name="percent">The canary's share of capacity, 1-50 %.</param>
    /// <param name="waitInterval">The bake time after the canary.</param>
    /// <returns>The routing.</returns>
    public static EndpointTrafficRouting Canary(int percent, TimeSpan waitInterval) => new(TrafficRoutingConfigType.Canary, percent, waitInterval);

    /// <summary>Shift traffic in equal steps, baking after each.</summary>
    /// <param name="stepPercent">Each step's share of capacity, 10-50 %.</param>
    /// <param name="waitInterval">The bake time after each step.</param>
    /// <returns>The routing.</returns>
    public static EndpointTrafficRouting Linear(int stepPercent, TimeSpan waitInterval) => new(TrafficRoutingConfigType.Linear, stepPercent, waitInterval);

    /// <summary>Parses <c>all-at-once</c>, <c>canary:10</c> or <c>linear:20</c> (percentages), as stage scripts receive it.</summary>
    /// <param name="text">The text.</param>
    /// <param name="waitInterval">The bake time.</param>
    /// <returns>The routing.</returns>
    /// <exception cref="MlOpsValidationException">The text is not one of the forms.</exception>
    public static EndpointTrafficRouting Parse(string text, TimeSpan waitInterval)
    {
        var normalized = (text ?? string.Empty).Trim().ToLowerInvariant().Replace('_', '-');
        var colon = normalized.IndexOf(':', StringComparison.Ordinal);
        var kind = colon < 0 ? normalized : normalized[..colon];
        int? percent = colon < 0 ? null
            : int.TryParse(normalized[(colon + 1)..].TrimEnd('%'), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var p) ? p : -1;
        var routing = kind switch
        {
            "all-at-once" or "allatonce" when percent is null => AllAtOnce(waitInterval),
            "canary" when percent is not null => Canary(percent.Value, waitInterval),
            "linear" when percent is not null => Linear(percent.Value, waitInterval),
            _ => throw new MlOpsValidationException("TrafficRouting", $"'{text}' must be all-at-once, canary:<percent> or linear:<percent>"),
        };
        routing.Validate();
        return routing;
    }

    /// <summary>
    /// Fails unless the sizes and the wait interval are in SageMaker's ranges (canary at most 50 %, linear steps 10-50 %,
    /// wait 0-3600 s): the rules of the wire type <see cref="TrafficRoutingConfig"/>, which both adapters apply too.
    /// </summary>
    /// <exception cref="MlOpsValidationException">A value is out of range.</exception>
    public void Validate()
    {
        if (WaitInterval < TimeSpan.Zero || WaitInterval > TimeSpan.FromHours(1))
        {
            throw new MlOpsValidationException("TrafficRouting.WaitInterval", $"must be 0-3600 seconds (got {WaitInterval})");
        }

        if (Percent is { } p && p < 1)
        {
            throw new MlOpsValidationException("TrafficRouting.Percent", $"must be at least 1 (got {p})");
        }

        ToWire().Validate("TrafficRouting");
    }

    internal TrafficRoutingConfig ToWire() => new()
    {
        Type = Type,
        WaitIntervalInSeconds = (int)WaitInterval.TotalSeconds,
        CanarySize = Type == TrafficRoutingConfigType.Canary ? new CapacitySize { Type = CapacitySizeType.CapacityPercent, Value = Percent!.Value } : null,
        LinearStepSize = Type == TrafficRoutingConfigType.Linear ? new CapacitySize { Type = CapacitySizeType.CapacityPercent, Value = Percent!.Value } : null,
    };
}
