using System.Text;
using MlOps.Sdk.Costs;

namespace MlOps.Sdk.Tests.Costs;

public sealed class InstancePriceTableTests
{
    internal static InstancePriceTable Table(string pricesJson) => InstancePriceTable.Load(Json(pricesJson));

    internal static MemoryStream Json(string pricesJson) => new(Encoding.UTF8.GetBytes($$"""
        {
          "source": "https://aws.amazon.com/sagemaker/pricing/",
          "asOf": "2026-12-06",
          "notice": "Test prices.",
          "prices": [{{pricesJson}}]
        }
        """));

    [Theory]
    [InlineData(InstanceUsage.Training)]
    [InlineData(InstanceUsage.RealTimeInference)]
    public void Default_MlM5LargeInUsEast1_HasAPrice(InstanceUsage usage)
    {
        var price = InstancePriceTable.Default.Find("us-east-1", "ml.m5.large", usage);

        Assert.NotNull(price);
        Assert.Equal(0.115m, price.UsdPerHour);
    }

    [Fact]
    public void Default_Loaded_NamesSourceDateAndNotice()
    {
        var table = InstancePriceTable.Default;

        Assert.StartsWith("https://", table.Source);
        Assert.Equal(new DateOnly(2026, 12, 6), table.AsOf);
        Assert.Contains("exclude storage", table.Notice);
        Assert.True(table.RegionSources.ContainsKey("us-east-1"));
    }

    [Fact]
    public void Default_EveryPrice_CarriesEvidence()
    {
        Assert.All(InstancePriceTable.Default.Prices, price => Assert.False(string.IsNullOrWhiteSpace(price.Evidence)));
    }

    [Fact]
    public void Find_DifferentCase_FindsThePrice()
    {
        var price = InstancePriceTable.Default.Find("US-EAST-1", "ML.M5.LARGE", InstanceUsage.Training);

        Assert.Equal(0.115m, price?.UsdPerHour);
    }

    [Fact]
    public void Find_UnknownInstanceType_ReturnsNull()
    {
        Assert.Null(InstancePriceTable.Default.Find("us-east-1", "ml.z9.mega", InstanceUsage.Training));
    }

    [Fact]
    public void Load_ValidEntry_CarriesTableSourceAndDate()
    {
        var table = Table("""{ "region": "eu-west-1", "instanceType": "ml.m5.large", "usage": "Training", "usdPerHour": 0.5, "evidence": "test" }""");

        var price = table.Find("eu-west-1", "ml.m5.large", InstanceUsage.Training)!;

        Assert.Equal(("https://aws.amazon.com/sagemaker/pricing/", new DateOnly(2026, 12, 6), "test"), (price.Source, price.AsOf, price.Evidence));
    }

    [Fact]
    public void Load_NegativePrice_FailsNamingEntryAndField()
    {
        var error = Assert.Throws<MlOpsValidationException>(() => Table("""
            { "region": "us-east-1", "instanceType": "ml.m5.large", "usage": "Training", "usdPerHour": 0.115 },
            { "region": "us-east-1", "instanceType": "ml.c5.xlarge", "usage": "Training", "usdPerHour": -0.2 }
            """));

        Assert.Equal("prices[1].usdPerHour", error.FieldName);
        Assert.Contains("ml.c5.xlarge in us-east-1", error.Message);
    }

    [Fact]
    public void Load_DuplicateEntry_FailsNamingBothEntries()
    {
        var error = Assert.Throws<MlOpsValidationException>(() => Table("""
            { "region": "us-east-1", "instanceType": "ml.m5.large", "usage": "Training", "usdPerHour": 0.115 },
            { "region": "US-EAST-1", "instanceType": "ml.m5.large", "usage": "Training", "usdPerHour": 0.2 }
            """));

        Assert.Equal("prices[1]", error.FieldName);
        Assert.Contains("prices[0]", error.Rule);
    }

    [Fact]
    public void Load_SameTypeForBothUsages_IsNotADuplicate()
    {
        var table = Table("""
            { "region": "us-east-1", "instanceType": "ml.m5.large", "usage": "Training", "usdPerHour": 0.115 },
            { "region": "us-east-1", "instanceType": "ml.m5.large", "usage": "RealTimeInference", "usdPerHour": 0.115 }
            """);

        Assert.Equal(2, table.Prices.Count);
    }

    [Theory]
    [InlineData("BatchTransform")]
    [InlineData("training")]
    [InlineData("0")]
    public void Load_UnknownUsage_FailsNamingUsageField(string usage)
    {
        var error = Assert.Throws<MlOpsValidationException>(() => Table(
            $$"""{ "region": "us-east-1", "instanceType": "ml.m5.large", "usage": "{{usage}}", "usdPerHour": 0.115 }"""));

        Assert.Equal("prices[0].usage", error.FieldName);
    }

    [Fact]
    public void Load_MissingInstanceType_FailsNamingField()
    {
        var error = Assert.Throws<MlOpsValidationException>(() => Table("""{ "region": "us-east-1", "usage": "Training", "usdPerHour": 0.115 }"""));

        Assert.Equal("prices[0].instanceType", error.FieldName);
    }

    [Fact]
    public void Load_PriceAsString_FailsNamingField()
    {
        var error = Assert.Throws<MlOpsValidationException>(() => Table("""{ "region": "us-east-1", "instanceType": "ml.m5.large", "usage": "Training", "usdPerHour": "0.115" }"""));

        Assert.Equal("prices[0].usdPerHour", error.FieldName);
    }

    [Fact]
    public void Load_MalformedJson_FailsAsValidation()
    {
        var error = Assert.Throws<MlOpsValidationException>(() => InstancePriceTable.Load(new MemoryStream(Encoding.UTF8.GetBytes("{ \"prices\": ["))));

        Assert.Equal("priceTable", error.FieldName);
    }

    [Fact]
    public void Load_BadAsOf_FailsNamingAsOf()
    {
        var json = """{ "source": "s", "asOf": "06/12/2026", "notice": "n", "prices": [] }""";

        var error = Assert.Throws<MlOpsValidationException>(() => InstancePriceTable.Load(new MemoryStream(Encoding.UTF8.GetBytes(json))));

        Assert.Equal("asOf", error.FieldName);
    }
}
