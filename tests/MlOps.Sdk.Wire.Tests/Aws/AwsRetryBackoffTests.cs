using MlOps.Sdk.Aws;

namespace MlOps.Sdk.Tests.Aws;

/// <summary>The back-off between tries: full jitter under a doubling, capped ceiling, never a zero wait.</summary>
public sealed class AwsRetryBackoffTests
{
    private static readonly TimeSpan Base = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(20);

    [Fact]
    public void Backoff_ZeroDraw_WaitsOneMillisecond()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(1), AwsRetryHandler.Backoff(1, Base, Max, unitRandom: 0));
    }

    [Fact]
    public void Backoff_SubMillisecondDraw_WaitsOneMillisecond()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(1), AwsRetryHandler.Backoff(1, Base, Max, unitRandom: 0.001));
    }

    [Theory]
    [InlineData(1, 100)]
    [InlineData(2, 200)]
    [InlineData(3, 400)]
    public void Backoff_HalfDraw_IsHalfTheDoublingCeiling(int attempt, double expectedMilliseconds)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), AwsRetryHandler.Backoff(attempt, Base, Max, unitRandom: 0.5));
    }

    [Fact]
    public void Backoff_LateAttempt_IsCappedAtMaxDelay()
    {
        Assert.Equal(TimeSpan.FromSeconds(10), AwsRetryHandler.Backoff(40, Base, Max, unitRandom: 0.5));
    }
}
