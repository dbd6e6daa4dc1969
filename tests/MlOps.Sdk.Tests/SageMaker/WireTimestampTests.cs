using System.Text.Json;
using MlOps.Sdk.Aws;
using MlOps.Sdk.SageMaker;

namespace MlOps.Sdk.Tests.SageMaker;

/// <summary>
/// An instant on SageMaker's wire has whole milliseconds; the AWS adapter sends a finer one rounded, and local mode
/// filters by the same rounded instant.
/// </summary>
public sealed class WireTimestampTests
{
    private static readonly DateTimeOffset Second = new(2026, 12, 7, 16, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ToWirePrecision_BelowHalfAMillisecond_RoundsDown()
    {
        Assert.Equal(Second.AddMilliseconds(1), WireTimestamp.ToWirePrecision(Second.AddTicks(14_999)));
    }

    [Fact]
    public void ToWirePrecision_AboveHalfAMillisecond_RoundsUp()
    {
        Assert.Equal(Second.AddMilliseconds(2), WireTimestamp.ToWirePrecision(Second.AddTicks(15_001)));
    }

    [Fact]
    public void ToWirePrecision_ExactlyHalfAMillisecond_RoundsToTheEvenMillisecond()
    {
        Assert.Equal(
            (Second.AddMilliseconds(2), Second.AddMilliseconds(2)),
            (WireTimestamp.ToWirePrecision(Second.AddTicks(15_000)), WireTimestamp.ToWirePrecision(Second.AddTicks(25_000))));
    }

    [Fact]
    public void ToWirePrecision_OffsetOtherThanUtc_ReturnsTheSameInstantInUtc()
    {
        var instant = new DateTimeOffset(2026, 12, 7, 17, 0, 0, 7, TimeSpan.FromHours(1));

        var sent = WireTimestamp.ToWirePrecision(instant);

        Assert.Equal((Second.AddMilliseconds(7), TimeSpan.Zero), (sent, sent.Offset));
    }

    [Fact]
    public void AwsJsonWrite_SubMillisecondInstant_SendsTheWirePrecisionInstant()
    {
        var instant = Second.AddTicks(1_234_567);

        var sent = JsonSerializer.Deserialize<DateTimeOffset>(JsonSerializer.Serialize(instant, AwsJson.Options), AwsJson.Options);

        Assert.Equal(WireTimestamp.ToWirePrecision(instant), sent);
    }
}
