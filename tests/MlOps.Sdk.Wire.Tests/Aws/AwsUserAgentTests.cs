using MlOps.Sdk.SageMaker;
using MlOps.Sdk.Tests.Fixtures;

namespace MlOps.Sdk.Tests.Aws;

public sealed class AwsUserAgentTests : IDisposable
{
    private readonly AwsTestHost _host = new(
        new Uri("https://api.sagemaker.us-east-1.amazonaws.com/"),
        new RecordingHandler(_ => ModelAnswers.Json(new { TrainingJobName = "churn-train-1" })));

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task SageMakerCall_AnyOperation_NamesMlOpsSdkAndItsVersionInTheUserAgent()
    {
        var version = typeof(MlOpsException).Assembly.GetName().Version!;

        await _host.SageMaker.DescribeTrainingJobAsync(new DescribeTrainingJobRequest { TrainingJobName = "churn-train-1" });

        var userAgent = Assert.Single(_host.Handler.Requests).Headers["User-Agent"];
        Assert.StartsWith($"MlOps.Sdk/{version.Major}.{version.Minor}.{version.Build}", userAgent, StringComparison.Ordinal);
    }
}
