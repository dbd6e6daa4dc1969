using MlOps.Sdk.Review;

namespace MlOps.Sdk.Tests.Review;

public sealed class GitLabMetricsReportTests
{
    [Fact]
    public void Write_Metrics_WritesOneSortedNameValueLineEach()
    {
        var text = GitLabMetricsReport.Write(new Dictionary<string, double> { ["validation:f1"] = 0.5, ["validation:auc"] = 0.9875 });

        Assert.Equal("validation:auc 0.9875\nvalidation:f1 0.5\n", text);
    }

    [Fact]
    public void Write_NonFiniteValue_LeavesItOut()
    {
        var text = GitLabMetricsReport.Write(new Dictionary<string, double> { ["loss"] = double.NaN, ["auc"] = 1 });

        Assert.Equal("auc 1\n", text);
    }

    [Theory]
    [InlineData("validation:auc", "validation:auc")]
    [InlineData("val-auc", "val_auc")]
    [InlineData("f1 score", "f1_score")]
    [InlineData("1st", "_1st")]
    public void MetricName_AnyName_GivesAnOpenMetricsName(string name, string expected)
    {
        Assert.Equal(expected, GitLabMetricsReport.MetricName(name));
    }
}
