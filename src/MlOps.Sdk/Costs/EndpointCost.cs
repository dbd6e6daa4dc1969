namespace MlOps.Sdk.Costs;

/// <summary>What a real-time endpoint costs an hour and a month at AWS's on-demand list price.</summary>
/// <remarks>
/// The monthly figure assumes the endpoint stays at its initial instance count all month; auto-scaling changes that.
/// </remarks>
public static class EndpointCost
{
    /// <summary>Hours in a month, by the convention AWS's pricing pages and calculator use (8,760 hours a year ÷ 12).</summary>
    public const int HoursPerMonth = 730;

    /// <summary>Computes an endpoint's hourly and monthly cost.</summary>
    /// <param name="instanceType">The production variant's instance type; unknown when <see langword="null"/> or empty.</param>
    /// <param name="initialInstanceCount">The production variant's initial instance count, at least 1.</param>
    /// <param name="region">The endpoint's region; unknown when <see langword="null"/> or empty.</param>
    /// <param name="prices">The price table; <see cref="InstancePriceTable.Default"/> when <see langword="null"/>.</param>
    /// <returns>The figures (<see cref="CostFigures.UsdPerHour"/> per instance, <see cref="CostFigures.UsdPerMonth"/> for all), or unknown ones with the reason.</returns>
    /// <exception cref="MlOpsValidationException"><paramref name="initialInstanceCount"/> is below 1.</exception>
    public static CostFigures Compute(string? instanceType, int initialInstanceCount, string? region, InstancePriceTable? prices = null)
    {
        if (initialInstanceCount < 1)
        {
            throw new MlOpsValidationException("InitialInstanceCount", "must be at least 1");
        }

        var (price, unknownReason) = PriceLookup.Find(prices ?? InstancePriceTable.Default, region, instanceType, InstanceUsage.RealTimeInference);
        return new CostFigures
        {
            InstanceType = instanceType ?? string.Empty,
            InstanceCount = initialInstanceCount,
            Region = region ?? string.Empty,
            Usage = InstanceUsage.RealTimeInference,
            UsdPerHour = price?.UsdPerHour,
            UsdPerMonth = price?.UsdPerHour * initialInstanceCount * HoursPerMonth,
            UnknownReason = unknownReason,
            Source = price?.Source,
            AsOf = price?.AsOf,
            Evidence = price?.Evidence,
        };
    }
}
