using System.Text;
using MlOps.Sdk.SageMaker;
using MlOps.Sdk.Storage;

namespace MlOps.Sdk.Tests.Local;

/// <summary>Local state is shared by processes: a second process (MlOps.Sdk.LocalProbe, wired through AddMlOps) starts what this one waits on.</summary>
public sealed class LocalCrossProcessTests : IAsyncLifetime
{
    private readonly LocalTestHome home = new();
    private string trainer = string.Empty;
    private S3Uri data = S3Uri.Create(LocalTestHome.Bucket);

    public async Task InitializeAsync()
    {
        trainer = await home.RegisterTrainerAsync();
        data = await home.UploadTrainingDataAsync();
    }

    public async Task DisposeAsync() => await home.DisposeAsync();

    [Fact]
    public async Task CreateTrainingJob_StartedByAnotherProcess_ThisProcessWaitsUntilCompleted()
    {
        var (exitCode, output) = await home.RunProbeAsync("start-training", "xp-train", trainer, data.ToString(), "slow");

        var job = await home.WaitForTrainingAsync("xp-train");

        Assert.Equal(0, exitCode);
        Assert.Contains("training-job/xp-train", output, StringComparison.Ordinal);
        Assert.Equal(TrainingJobStatus.Completed, job.TrainingJobStatus);
        Assert.True(await home.Store.ExistsAsync(S3Uri.Parse(job.ModelArtifacts.S3ModelArtifacts)));
    }

    [Fact]
    public async Task CreateTrainingJob_StartingProcessKilledMidTraining_JobStillCompletes()
    {
        using var probe = home.StartProbe("start-training", "xp-killed", trainer, data.ToString(), "slow", "--block");
        while (await probe.StandardOutput.ReadLineAsync() is { } line && line != "blocking")
        {
        }

        var during = await home.Client.DescribeTrainingJobAsync(new DescribeTrainingJobRequest { TrainingJobName = "xp-killed" });
        probe.Kill(entireProcessTree: true);
        await probe.WaitForExitAsync();
        var job = await home.WaitForTrainingAsync("xp-killed");

        Assert.Equal(TrainingJobStatus.InProgress, during.TrainingJobStatus);
        Assert.Equal(TrainingJobStatus.Completed, job.TrainingJobStatus);
    }

    [Fact]
    public async Task CreateEndpoint_DeployedByAnotherProcessThatExited_ThisProcessInvokesIt()
    {
        var image = await home.RegisterServerAsync();
        var model = await home.UploadModelAsync("models/xp/model.tar.gz", 4);
        await home.CreateModelAndConfigAsync("xp-endpoint", image, model);

        var (exitCode, output) = await home.RunProbeAsync("deploy", "xp-endpoint", "xp-endpoint");
        var answer = await home.Runtime.InvokeEndpointAsync(new InvokeEndpointRequest { EndpointName = "xp-endpoint", Body = Encoding.UTF8.GetBytes("2") });

        Assert.Equal(0, exitCode);
        Assert.Equal("InService", output.Trim());
        Assert.Equal("{\"prediction\": 8.0, \"version\": \"v1\"}", Encoding.UTF8.GetString(answer.Body.Span));
    }

    [Fact]
    public async Task CreateEndpoint_TwoProcessesDeployOneEndpointAtOnce_OneWinsOtherGetsConflict()
    {
        var image = await home.RegisterServerAsync();
        var model = await home.UploadModelAsync("models/xp3/model.tar.gz", 6);
        await home.CreateModelAndConfigAsync("xp-race-a", image, model);
        await home.CreateModelAndConfigAsync("xp-race-b", image, model);

        using var first = home.StartProbe("deploy", "xp-race", "xp-race-a");
        using var second = home.StartProbe("deploy", "xp-race", "xp-race-b");
        var outputs = await Task.WhenAll(first.StandardOutput.ReadToEndAsync(), second.StandardOutput.ReadToEndAsync());
        await Task.WhenAll(first.WaitForExitAsync(), second.WaitForExitAsync());
        var endpoint = await home.WaitForEndpointAsync("xp-race");

        Assert.Equal([0, 3], new[] { first.ExitCode, second.ExitCode }.Order());
        Assert.Single(outputs, o => o.StartsWith("ResourceInUse: Cannot create already existing endpoint", StringComparison.Ordinal));
        Assert.Equal(EndpointStatus.InService, endpoint.EndpointStatus);
        Assert.Single(Directory.EnumerateFiles(Path.Combine(home.Home, "endpoints", "xp-race"), "server.pid", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task InvokeEndpoint_FromAnotherProcess_GetsThePrediction()
    {
        var image = await home.RegisterServerAsync();
        var model = await home.UploadModelAsync("models/xp2/model.tar.gz", 5);
        await home.CreateModelAndConfigAsync("xp-invoke", image, model);
        await home.Client.CreateEndpointAsync(new CreateEndpointRequest { EndpointName = "xp-invoke", EndpointConfigName = "xp-invoke" });
        await home.WaitForEndpointAsync("xp-invoke");

        var (exitCode, output) = await home.RunProbeAsync("invoke", "xp-invoke", "3");

        Assert.Equal(0, exitCode);
        Assert.Equal("{\"prediction\": 15.0, \"version\": \"v1\"}", output.Trim());
    }
}
