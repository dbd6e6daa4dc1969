using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Sdk.SageMaker;
using MlOps.Sdk.Tests.Fixtures;

namespace MlOps.Sdk.Tests.Aws;

public sealed class AwsServiceRegistrationTests
{
    [Fact]
    public async Task AddMlOps_CalledTwice_DoesNotStackRetries()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["MlOps:Mode"] = "aws" }).Build();
        using var host = new AwsTestHost(
            new Uri("https://api.sagemaker.us-east-1.amazonaws.com/"),
            new RecordingHandler(_ => ModelAnswers.Error(HttpStatusCode.InternalServerError, "InternalFailure", "boom")),
            maxAttempts: 3,
            configure: services => services.AddMlOps(configuration));

        await Assert.ThrowsAsync<MlOpsException>(() => host.SageMaker.DescribeModelAsync(new DescribeModelRequest { ModelName = "m" }));

        Assert.Equal(3, host.Handler.Requests.Count);
    }

    [Fact]
    public void AddMlOps_AwsMode_ResolvesEveryPortWithoutCallingAws()
    {
        using var host = new AwsTestHost(new Uri("https://api.sagemaker.us-east-1.amazonaws.com/"), new RecordingHandler(_ => throw new InvalidOperationException("no call expected")));

        Assert.Equal("AwsSageMakerClient", host.SageMaker.GetType().Name);
        Assert.Equal("AwsSageMakerRuntimeClient", host.Runtime.GetType().Name);
        Assert.Equal("AwsTrainingLogClient", host.Logs.GetType().Name);
        Assert.Equal("S3ArtifactStore", host.Artifacts.GetType().Name);
        Assert.Empty(host.Handler.Requests);
    }
}
