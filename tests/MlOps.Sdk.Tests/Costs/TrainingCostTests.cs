using MlOps.Sdk.Costs;
using MlOps.Sdk.SageMaker;
using MlOps.Sdk.Training;

namespace MlOps.Sdk.Tests.Costs;

public sealed class TrainingCostTests
{
    private static readonly InstancePriceTable Prices = InstancePriceTableTests.Table("""
        { "region": "us-east-1", "instanceType": "ml.m5.large", "usage": "Training", "usdPerHour": 0.115, "evidence": "test" },
        { "region": "us-east-1", "instanceType": "ml.c5.xlarge", "usage": "RealTimeInference", "usdPerHour": 0.204 }
        """);

    private static TrainingJob Job(int? billableSeconds) => new()
    {
        Name = "churn-train-1",
        Arn = "arn:aws:sagemaker:us-east-1:123456789012:training-job/churn-train-1",
        Status = TrainingJobStatus.Completed,
        SecondaryStatus = SecondaryStatus.Completed,
        CreationTime = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero),
        BillableTime = billableSeconds is { } s ? TimeSpan.FromSeconds(s) : null,
    };

    [Fact]
    public void Compute_3600BillableSecondsOnTwoInstances_BillsTwoInstanceHours()
    {
        // BillableTimeInSeconds is per instance: the DescribeTrainingJob reference says to multiply it by InstanceCount.
        var cost = TrainingCost.Compute(TimeSpan.FromSeconds(3600), "ml.m5.large", 2, "us-east-1", Prices);

        Assert.Equal((2m, 0.23m), (cost.InstanceHours, cost.TotalUsd));
    }

    [Fact]
    public void Compute_KnownPrice_CarriesSourceDateAndEvidence()
    {
        var cost = TrainingCost.Compute(TimeSpan.FromSeconds(60), "ml.m5.large", 1, "us-east-1", Prices);

        Assert.Equal(("https://aws.amazon.com/sagemaker/pricing/", new DateOnly(2026, 12, 6), "test"), (cost.Source, cost.AsOf, cost.Evidence));
        Assert.True(cost.IsPriceKnown);
        Assert.Null(cost.UnknownReason);
    }

    [Fact]
    public void Compute_UnknownInstanceType_IsUnknownWithReason()
    {
        var cost = TrainingCost.Compute(TimeSpan.FromSeconds(3600), "ml.z9.mega", 1, "us-east-1", Prices);

        Assert.False(cost.IsPriceKnown);
        Assert.Null(cost.TotalUsd);
        Assert.Contains("no Training price for ml.z9.mega in us-east-1", cost.UnknownReason);
    }

    [Fact]
    public void Compute_TypePricedOnlyForInference_IsUnknownForTraining()
    {
        var cost = TrainingCost.Compute(TimeSpan.FromSeconds(3600), "ml.c5.xlarge", 1, "us-east-1", Prices);

        Assert.False(cost.IsPriceKnown);
    }

    [Fact]
    public void Compute_RegionNotInTable_IsUnknownNamingRegion()
    {
        var cost = TrainingCost.Compute(TimeSpan.FromSeconds(3600), "ml.m5.large", 1, "ap-south-2", Prices);

        Assert.False(cost.IsPriceKnown);
        Assert.Contains("no prices for region ap-south-2", cost.UnknownReason);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Compute_RegionMissing_IsUnknownSayingSo(string? region)
    {
        var cost = TrainingCost.Compute(TimeSpan.FromSeconds(3600), "ml.m5.large", 1, region, Prices);

        Assert.False(cost.IsPriceKnown);
        Assert.Equal("the region is not known", cost.UnknownReason);
    }

    [Fact]
    public void Compute_ZeroInstances_FailsNamingInstanceCount()
    {
        var error = Assert.Throws<MlOpsValidationException>(() => TrainingCost.Compute(TimeSpan.FromSeconds(1), "ml.m5.large", 0, "us-east-1", Prices));

        Assert.Equal("InstanceCount", error.FieldName);
    }

    [Fact]
    public void Compute_JobWithBillableTime_UsesIt()
    {
        var cost = TrainingCost.Compute(Job(billableSeconds: 1800), "ml.m5.large", 1, "us-east-1", Prices);

        Assert.Equal(0.0575m, cost.TotalUsd);
    }

    [Fact]
    public void Compute_JobWithoutBillableTime_KnowsPriceButNotTotal()
    {
        var cost = TrainingCost.Compute(Job(billableSeconds: null), "ml.m5.large", 1, "us-east-1", Prices);

        Assert.Equal((0.115m, (decimal?)null), (cost.UsdPerHour, cost.TotalUsd));
        Assert.Contains("churn-train-1", cost.UnknownReason);
    }

    [Fact]
    public void ToString_KnownCost_ShowsHoursRateAndTotal()
    {
        var cost = TrainingCost.Compute(TimeSpan.FromSeconds(3600), "ml.m5.large", 2, "us-east-1", Prices);

        Assert.Equal("2 × ml.m5.large in us-east-1 (Training): 2 instance-hours × $0.115/h = $0.23; on-demand list price as of 2026-12-06", cost.ToString());
    }

    [Fact]
    public void ToString_UnknownPrice_SaysPriceUnknownAndWhy()
    {
        var cost = TrainingCost.Compute(TimeSpan.FromSeconds(3600), "ml.z9.mega", 1, "us-east-1", Prices);

        Assert.StartsWith("1 × ml.z9.mega in us-east-1 (Training): price unknown (", cost.ToString());
    }
}
