using MlOps.Sdk.Endpoints;

namespace MlOps.Sdk.Tests.Endpoints;

public sealed class LatencyReportTests
{
    [Fact]
    public void FromSamples_HundredSamples_UsesNearestRankPercentiles()
    {
        var samples = Enumerable.Range(1, 100).Select(i => TimeSpan.FromMilliseconds(i)).Reverse().ToList();

        var report = LatencyReport.FromSamples(samples, failures: 0);

        Assert.Equal(TimeSpan.FromMilliseconds(50), report.P50);
        Assert.Equal(TimeSpan.FromMilliseconds(90), report.P90);
        Assert.Equal(TimeSpan.FromMilliseconds(99), report.P99);
        Assert.Equal(TimeSpan.FromMilliseconds(100), report.Max);
    }

    [Fact]
    public void FromSamples_SingleSample_AllPercentilesAreIt()
    {
        var report = LatencyReport.FromSamples([TimeSpan.FromMilliseconds(7)], failures: 2);

        Assert.Equal((TimeSpan.FromMilliseconds(7), TimeSpan.FromMilliseconds(7), 3), (report.P50, report.P99, report.Requests));
    }

    [Fact]
    public void FromSamples_NoSuccesses_ReportsZeros()
    {
        var report = LatencyReport.FromSamples([], failures: 4);

        Assert.Equal(TimeSpan.Zero, report.P90);
        Assert.Equal(4, report.Failures);
    }
}
