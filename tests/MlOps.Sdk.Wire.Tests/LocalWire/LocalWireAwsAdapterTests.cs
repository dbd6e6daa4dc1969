using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Sdk.Endpoints;
using MlOps.Sdk.LocalWire.SageMaker;
using MlOps.Sdk.Registry;
using MlOps.Sdk.SageMaker;
using MlOps.Sdk.Tests.Fixtures;
using MlOps.Sdk.Tests.Local;
using MlOps.Sdk.Training;
using MlOps.Sdk.Waiting;

namespace MlOps.Sdk.Tests.LocalWire;

/// <summary>
/// The SDK's own AWS mode (AwsSageMakerClient, AwsSageMakerRuntimeClient, SigV4, retries) end to end against the server:
/// real training and serving processes behind the wire, semantics stricter than moto's. Every request is checked
/// against botocore's models.
/// </summary>
public sealed class LocalWireAwsAdapterTests(LocalWireFixture fixture) : IClassFixture<LocalWireFixture>, IDisposable
{
    private readonly AwsTestHost host = new(fixture.Server.BaseAddress, new RecordingHandler(), TimeProvider.System, configure: services =>
    {
        // AWS mode waits with botocore's delays (120 s between training polls); the local processes answer in seconds.
        services.Configure<TrainingOptions>(o => o.CompletionWaiter = WaiterDefaults.TrainingJobCompleted(MlOpsMode.Local));
        services.Configure<EndpointOptions>(o =>
        {
            o.InServiceWaiter = WaiterDefaults.EndpointInService(MlOpsMode.Local);
            o.DeletedWaiter = WaiterDefaults.EndpointDeleted(MlOpsMode.Local);
        });
    });

    [Fact]
    public async Task Layers_AwsModeAgainstServer_TrainRegisterDeployAndInvoke()
    {
        var data = await fixture.Home.UploadTrainingDataAsync();
        var training = host.Services.GetRequiredService<TrainingClient>();
        var registry = host.Services.GetRequiredService<RegistryClient>();
        var endpoints = host.Services.GetRequiredService<EndpointClient>();

        var job = await (await training.StartTrainingJobAsync(new TrainingJobSpec
        {
            TrainingJobName = "adapter-train",
            Image = fixture.TrainerImage,
            RoleArn = LocalTestHome.RoleArn,
            OutputPath = $"s3://{LocalTestHome.Bucket}/adapter/",
            Channels = [new TrainingChannel("train", data.ToString())],
            InstanceType = "ml.m5.large",
            MaxRuntime = TimeSpan.FromMinutes(10),
            HyperParameters = new Dictionary<string, string> { ["mode"] = "ok" },
            MetricDefinitions = new Dictionary<string, string> { ["validation:accuracy"] = "validation:accuracy=([0-9.]+)" },
        })).WaitForCompletionAsync();
        await registry.EnsureModelPackageGroupAsync("adapter-models");
        var version = await registry.RegisterModelVersionAsync(new ModelVersionSpec { ModelPackageGroupName = "adapter-models", TrainingJobName = "adapter-train", Image = fixture.ServerImage });
        await registry.ApproveAsync(version.Arn, "wire test");
        var deployed = await (await endpoints.DeployAsync(new EndpointDeploymentSpec
        {
            EndpointName = "adapter-endpoint",
            ModelPackageArn = version.Arn,
            ExecutionRoleArn = LocalTestHome.RoleArn,
            InstanceType = "ml.m5.large",
        })).WaitForCompletionAsync();
        var answer = await endpoints.InvokeAsync("adapter-endpoint", Encoding.UTF8.GetBytes("3"), "text/csv");

        Assert.Equal(TrainingJobStatus.Completed, job.Status);
        Assert.Equal(0.93, job.FinalMetrics["validation:accuracy"], 3);
        Assert.Equal(EndpointStatus.InService, deployed.Status);
        using var prediction = JsonDocument.Parse(answer.Body);
        Assert.Equal(6.0, prediction.RootElement.GetProperty("prediction").GetDouble());
        Assert.Equal("AllTraffic", answer.InvokedProductionVariant);
        WireConformance.AssertAllConform(host.Handler.Requests);
    }

    [Fact]
    public async Task EnsureNotSupersededAsync_AwsModeAgainstServerWhileAnUpdateToAnotherConfigIsInProgress_ThrowsSupersededNamingThePendingConfig()
    {
        var model = await fixture.Home.UploadModelAsync("adapter-pending/model.tar.gz", 2);
        var gate = Path.Combine(fixture.Home.Home, "adapter-pending.gate");
        await fixture.Home.CreateModelAndConfigAsync("adapter-pending-blue", fixture.ServerImage, model);
        // The new fleet runs but fails /ping until the gate opens: the update stays in progress while the guard reads.
        await fixture.Home.CreateModelAndConfigAsync("adapter-pending-green", fixture.ServerImage, model, new() { ["SERVER_MODE"] = "gate", ["GATE_FILE"] = gate });
        await host.SageMaker.CreateEndpointAsync(new CreateEndpointRequest { EndpointName = "adapter-pending", EndpointConfigName = "adapter-pending-blue" });
        await fixture.Home.WaitForEndpointAsync("adapter-pending");
        await host.SageMaker.UpdateEndpointAsync(new UpdateEndpointRequest { EndpointName = "adapter-pending", EndpointConfigName = "adapter-pending-green" });
        var endpoints = host.Services.GetRequiredService<EndpointClient>();

        var error = await Assert.ThrowsAsync<EndpointSupersededException>(() => endpoints.EnsureNotSupersededAsync("adapter-pending", "adapter-pending-blue"));

        Assert.Equal(("adapter-pending-blue", "adapter-pending-green"), (error.ServedEndpointConfigName, error.PendingEndpointConfigName));
        WireConformance.AssertAllConform(host.Handler.Requests);
    }

    [Fact]
    public async Task AwsSageMakerClient_MissingEndpoint_ThrowsValidationExceptionAsAgainstAws()
    {
        var error = await Assert.ThrowsAsync<MlOpsException>(() => host.SageMaker.DescribeEndpointAsync(new DescribeEndpointRequest { EndpointName = "adapter-nowhere" }));

        Assert.Equal("ValidationException", error.ErrorCode);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, error.StatusCode);
    }

    [Fact]
    public void SageMakerOperations_EveryPortMethod_IsServedUnderItsApiModelName()
    {
        var portOperations = typeof(ISageMakerClient).GetMethods().Select(m => m.Name[..^"Async".Length]).Order().ToList();
        var table = SageMakerOperations.Create(fixture.Home.Client);
        var modelOperations = BotocoreModel.SageMaker.Operations.EnumerateObject().Select(o => o.Name).ToHashSet();

        Assert.Equal(portOperations, table.OperationNames.Order());
        Assert.All(table.OperationNames, name => Assert.Contains(name, modelOperations));
    }

    public void Dispose() => host.Dispose();
}
