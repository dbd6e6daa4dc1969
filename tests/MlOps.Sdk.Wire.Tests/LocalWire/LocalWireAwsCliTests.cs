using MlOps.Sdk.SageMaker;
using MlOps.Sdk.Tests.Local;

namespace MlOps.Sdk.Tests.LocalWire;

/// <summary>The AWS CLI against the server: what the SDK's local client does shows through it, and the runtime's headers travel both ways.</summary>
public sealed class LocalWireAwsCliTests(LocalWireFixture fixture) : IClassFixture<LocalWireFixture>
{
    [Fact]
    public async Task DescribeTrainingJob_JobStartedThroughSdk_AwsCliSeesIt()
    {
        var data = await fixture.Home.UploadTrainingDataAsync();
        var created = await fixture.Home.Client.CreateTrainingJobAsync(fixture.Home.TrainingRequest("cli-sdk-job", fixture.TrainerImage, data));

        var job = (await fixture.Tools.AwsAsync("sagemaker", "describe-training-job", "--training-job-name", "cli-sdk-job")).Json();

        Assert.Equal(created.TrainingJobArn, job.GetProperty("TrainingJobArn").GetString());
        Assert.Equal("ml.m5.large", job.GetProperty("ResourceConfig").GetProperty("InstanceType").GetString());
        Assert.Contains(job.GetProperty("TrainingJobStatus").GetString(), new[] { "InProgress", "Completed" });
    }

    [Fact]
    public async Task InvokeEndpoint_AwsCliWithRuntimeHeaders_ReturnsModelAnswerVariantAndAttributes()
    {
        var model = await fixture.Home.UploadModelAsync("models/cli.tar.gz", 4);
        await fixture.Home.CreateModelAndConfigAsync("cli-endpoint", fixture.ServerImage, model);
        await fixture.Home.Client.CreateEndpointAsync(new CreateEndpointRequest { EndpointName = "cli-endpoint", EndpointConfigName = "cli-endpoint" });
        await fixture.Home.WaitForEndpointAsync("cli-endpoint");
        var output = Path.Combine(fixture.Home.Home, "cli-answer.json");

        var answer = (await fixture.Tools.AwsAsync(
            "sagemaker-runtime", "invoke-endpoint", "--endpoint-name", "cli-endpoint",
            "--content-type", "text/csv", "--accept", "application/json", "--custom-attributes", "trace=7",
            "--body", "3", output)).Json();

        Assert.Equal("AllTraffic", answer.GetProperty("InvokedProductionVariant").GetString());
        Assert.Equal("application/json", answer.GetProperty("ContentType").GetString());
        Assert.Equal("trace=7", answer.GetProperty("CustomAttributes").GetString());
        Assert.Equal("""{"prediction": 12.0, "version": "v1"}""", await File.ReadAllTextAsync(output));
    }

    [Fact]
    public async Task InvokeEndpoint_ModelAnswers400_AwsCliReportsModelError()
    {
        var model = await fixture.Home.UploadModelAsync("models/cli-bad.tar.gz", 1);
        await fixture.Home.CreateModelAndConfigAsync("cli-bad-input", fixture.ServerImage, model);
        await fixture.Home.Client.CreateEndpointAsync(new CreateEndpointRequest { EndpointName = "cli-bad-input", EndpointConfigName = "cli-bad-input" });
        await fixture.Home.WaitForEndpointAsync("cli-bad-input");

        var result = await fixture.Tools.AwsAsync(
            "sagemaker-runtime", "invoke-endpoint", "--endpoint-name", "cli-bad-input", "--content-type", "text/csv",
            "--body", "not-a-number", Path.Combine(fixture.Home.Home, "cli-bad.json"));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("(ModelError)", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("input must be a number", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListModelPackageGroups_GroupCreatedThroughAwsCli_SdkLocalClientSeesIt()
    {
        var created = (await fixture.Tools.AwsAsync("sagemaker", "create-model-package-group", "--model-package-group-name", "cli-group", "--model-package-group-description", "from the CLI")).Json();

        var group = await fixture.Home.Client.DescribeModelPackageGroupAsync(new DescribeModelPackageGroupRequest { ModelPackageGroupName = "cli-group" });

        Assert.Equal(created.GetProperty("ModelPackageGroupArn").GetString(), group.ModelPackageGroupArn);
        Assert.Equal("from the CLI", group.ModelPackageGroupDescription);
    }
}
