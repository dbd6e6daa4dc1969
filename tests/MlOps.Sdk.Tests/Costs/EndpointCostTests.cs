using MlOps.Sdk.Costs;

namespace MlOps.Sdk.Tests.Costs;

public sealed class EndpointCostTests
{
    private static readonly InstancePriceTable Prices = InstancePriceTableTests.Table("""
        { "region": "us-east-1", "instanceType": "ml.c5.xlarge", "usage": "RealTimeInference", "usdPerHour": 0.204 },
        { "region": "us-east-1", "instanceType": "ml.m5.large", "usage": "Training", "usdPerHour": 0.115 }
        """);

    [Fact]
    public void Compute_ThreeInstances_MonthIsHourlyTimesCountTimes730()
    {
        var cost = EndpointCost.Compute("ml.c5.xlarge", 3, "us-east-1", Prices);

        Assert.Equal((0.204m, 0.612m, 0.204m * 3 * 730), (cost.UsdPerHour, cost.FleetUsdPerHour, cost.UsdPerMonth));
    }

    [Fact]
    public void Compute_Endpoint_HasNoTrainingFigures()
    {
        var cost = EndpointCost.Compute("ml.c5.xlarge", 1, "us-east-1", Prices);

        Assert.Equal(((decimal?)null, (decimal?)null), (cost.InstanceHours, cost.TotalUsd));
    }

    [Fact]
    public void Compute_TypePricedOnlyForTraining_IsUnknownWithReason()
    {
        var cost = EndpointCost.Compute("ml.m5.large", 1, "us-east-1", Prices);

        Assert.False(cost.IsPriceKnown);
        Assert.Null(cost.UsdPerMonth);
        Assert.Contains("no RealTimeInference price for ml.m5.large in us-east-1", cost.UnknownReason);
    }

    [Fact]
    public void Compute_RegionNotInTable_IsUnknown()
    {
        var cost = EndpointCost.Compute("ml.c5.xlarge", 1, "eu-west-1", Prices);

        Assert.Contains("no prices for region eu-west-1", cost.UnknownReason);
    }

    [Fact]
    public void Compute_ZeroInstances_FailsNamingInitialInstanceCount()
    {
        var error = Assert.Throws<MlOpsValidationException>(() => EndpointCost.Compute("ml.c5.xlarge", 0, "us-east-1", Prices));

        Assert.Equal("InitialInstanceCount", error.FieldName);
    }

    [Fact]
    public void Compute_DefaultTable_PricesMlM5LargeEndpoint()
    {
        var cost = EndpointCost.Compute("ml.m5.large", 1, "us-east-1");

        Assert.Equal(0.115m * 730, cost.UsdPerMonth);
    }

    [Fact]
    public void ToString_KnownCost_ShowsHourlyAndMonthly()
    {
        var cost = EndpointCost.Compute("ml.c5.xlarge", 2, "us-east-1", Prices);

        Assert.Equal("2 × ml.c5.xlarge in us-east-1 (RealTimeInference): $0.204/h per instance, $0.41/h in all, $297.84/month (730 h); on-demand list price as of 2026-12-06", cost.ToString());
    }
}
