using System.Text;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.S3;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Sdk.Cleanup;
using MlOps.Sdk.Endpoints;
using MlOps.Sdk.Naming;
using MlOps.Sdk.Registry;
using MlOps.Sdk.SageMaker;
using MlOps.Sdk.Storage;
using MlOps.Sdk.Tests.Fixtures;
using MlOps.Sdk.Training;

namespace MlOps.Sdk.Tests.Aws;

/// <summary>
/// The high-level layers (training, registry, endpoints, cleanup) through the AWS adapters against moto, with the
/// operations moto lacks answered as the API model says, and faults staged in the answers. Every request the layers
/// send is checked against botocore's models.
/// </summary>
[Collection(MotoCollection.Name)]
public sealed class LayersOverMotoWireTests : IAsyncLifetime
{
    private const string Bucket = "mlops-churn";
    private const string Image = SageMakerTestRequests.Image;
    private readonly MotoServerFixture _moto;
    private readonly MotoGateway _gateway = new();
    private AwsTestHost _host = null!;

    public LayersOverMotoWireTests(MotoServerFixture moto) => _moto = moto;

    private TrainingClient Training => _host.Services.GetRequiredService<TrainingClient>();

    private RegistryClient Registry => _host.Services.GetRequiredService<RegistryClient>();

    private EndpointClient Endpoints => _host.Services.GetRequiredService<EndpointClient>();

    private CleanupClient Cleanup => _host.Services.GetRequiredService<CleanupClient>();

    private ImmediateTimeProvider Clock => (ImmediateTimeProvider)_host.TimeProvider;

    public async Task InitializeAsync()
    {
        await _moto.ResetAsync();
        _host = new AwsTestHost(_moto.Endpoint, _gateway.CreateHandler());
        using var s3 = new AmazonS3Client(new BasicAWSCredentials("AKIDEXAMPLE", "secret"), new AmazonS3Config
        {
            ServiceURL = _moto.Endpoint.ToString(),
            ForcePathStyle = true,
            AuthenticationRegion = AwsTestHost.Region,
        });
        await s3.PutBucketAsync(Bucket);
    }

    public Task DisposeAsync()
    {
        WireConformance.AssertAllConform(_host.Handler.Requests);
        _host.Dispose();
        _gateway.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Training_StartWaitAndResume_CompletesWithModelArtifact()
    {
        var operation = await Training.StartTrainingJobAsync(Spec("churn-train-1"));
        var job = await operation.WaitForCompletionAsync();
        var resumed = await Training.GetTrainingJobOperation("churn-train-1").UpdateStatusAsync();
        var listed = new List<string>();
        await foreach (var summary in Training.ListTrainingJobsAsync("churn-train"))
        {
            listed.Add(summary.TrainingJobName);
        }

        Assert.Equal(TrainingJobStatus.Completed, job.Status);
        Assert.NotNull(job.ModelArtifactUri);
        Assert.Equal(TrainingJobStatus.Completed, resumed.Status);
        Assert.Contains("churn-train-1", listed);
        var create = _host.Handler.Requests.First(r => r.Operation == "CreateTrainingJob");
        using var body = JsonDocument.Parse(create.Body);
        Assert.Equal("ml.m5.large", body.RootElement.GetProperty("ResourceConfig").GetProperty("InstanceType").GetString());
        Assert.Equal("0.05", body.RootElement.GetProperty("HyperParameters").GetProperty("learning_rate").GetString());
    }

    [Fact]
    public async Task Training_FourInstancesWithShardedChannel_SendsCountAndDistributionTheModelAccepts()
    {
        var spec = Spec("churn-train-4") with
        {
            InstanceCount = 4,
            Channels =
            [
                new TrainingChannel("train", $"s3://{Bucket}/data/train/") { DataDistribution = S3DataDistribution.ShardedByS3Key },
                new TrainingChannel("validation", $"s3://{Bucket}/data/validation/"),
            ],
        };

        await Training.StartTrainingJobAsync(spec);

        // DisposeAsync checks this request against botocore's model, as it checks every request of these tests.
        var create = _host.Handler.Requests.Single(r => r.Operation == "CreateTrainingJob");
        using var body = JsonDocument.Parse(create.Body);
        Assert.Equal(4, body.RootElement.GetProperty("ResourceConfig").GetProperty("InstanceCount").GetInt32());
        var channels = body.RootElement.GetProperty("InputDataConfig");
        Assert.Equal("ShardedByS3Key", channels[0].GetProperty("DataSource").GetProperty("S3DataSource").GetProperty("S3DataDistributionType").GetString());
        Assert.Equal("FullyReplicated", channels[1].GetProperty("DataSource").GetProperty("S3DataSource").GetProperty("S3DataDistributionType").GetString());
    }

    [Fact]
    public async Task Training_JobEndsFailed_ThrowsWithFailureReason()
    {
        var describes = 0;
        _gateway.Override = (request, body) => request.Operation == "DescribeTrainingJob"
            ? ModelAnswers.Json(Interlocked.Increment(ref describes) == 1
                ? TrainingJobAnswer(body, "InProgress", "Training", null)
                : TrainingJobAnswer(body, "Failed", "Failed", "AlgorithmError: ValueError: could not convert string to float: 'abc', exit code: 1"))
            : null;
        var operation = await Training.StartTrainingJobAsync(Spec("churn-train-2"));

        var error = await Assert.ThrowsAsync<TrainingJobFailedException>(() => operation.WaitForCompletionAsync());

        Assert.Equal("AlgorithmError: ValueError: could not convert string to float: 'abc', exit code: 1", error.FailureReason);
        Assert.Contains("could not convert string to float", error.Message, StringComparison.Ordinal);
        Assert.Equal("churn-train-2", error.ResourceName);
    }

    [Fact]
    public async Task Registry_RegisterApproveAndFindLatest_RoundTrips()
    {
        await (await Training.StartTrainingJobAsync(Spec("churn-train-3"))).WaitForCompletionAsync();

        var groupArn = await Registry.EnsureModelPackageGroupAsync("churn-models", "Churn models");
        var again = await Registry.EnsureModelPackageGroupAsync("churn-models", "Churn models");
        var version = await Registry.RegisterModelVersionAsync(new ModelVersionSpec { ModelPackageGroupName = "churn-models", TrainingJobName = "churn-train-3" });
        var approved = await Registry.ApproveAsync(version.Arn, "auc 0.91 beats 0.85");
        var latest = await Registry.GetLatestApprovedVersionAsync("churn-models");

        Assert.Equal(groupArn, again);
        Assert.Equal(ModelApprovalStatus.PendingManualApproval, version.ApprovalStatus);
        Assert.Equal(Image, version.Image);
        Assert.Equal(ModelApprovalStatus.Approved, approved.ApprovalStatus);
        Assert.Equal(version.Arn, latest?.Arn);
        Assert.Single(_host.Handler.Requests, r => r.Operation == "CreateModelPackageGroup");
    }

    [Fact]
    public async Task Endpoints_DeployNewThenBlueGreenUpdateThenRollback_ServesEachConfigInTurn()
    {
        await _moto.SetEndpointResultAsync("{\"predictions\":[0.42]}");
        var first = await Endpoints.DeployAsync(Deployment("churn-prod", "s3://mlops-churn/models/1/model.tar.gz"));
        var created = await first.WaitForCompletionAsync();
        var answer = await Endpoints.InvokeAsync("churn-prod", Encoding.UTF8.GetBytes("{\"instances\":[[1,2]]}"));

        var second = await Endpoints.DeployAsync(Deployment("churn-prod", "s3://mlops-churn/models/2/model.tar.gz") with
        {
            TrafficRouting = EndpointTrafficRouting.Canary(10, TimeSpan.FromMinutes(5)),
            AutoRollbackAlarms = ["churn-prod-5xx"],
        });
        var updated = await second.WaitForCompletionAsync();
        var rollback = await Endpoints.RollbackAsync("churn-prod");
        var restored = await rollback.WaitForCompletionAsync();

        Assert.Equal(EndpointStatus.InService, created.Status);
        Assert.Equal("{\"predictions\":[0.42]}", Encoding.UTF8.GetString(answer.Body.Span));
        Assert.True(second.IsUpdate);
        Assert.Equal(created.EndpointConfigName, second.PreviousEndpointConfigName);
        Assert.Equal(second.TargetEndpointConfigName, updated.EndpointConfigName);
        Assert.NotEqual(created.EndpointConfigName, updated.EndpointConfigName);
        Assert.Equal(created.EndpointConfigName, restored.EndpointConfigName);
        var update = _host.Handler.Requests.First(r => r.Operation == "UpdateEndpoint");
        using var body = JsonDocument.Parse(update.Body);
        var policy = body.RootElement.GetProperty("DeploymentConfig");
        Assert.Equal("CANARY", policy.GetProperty("BlueGreenUpdatePolicy").GetProperty("TrafficRoutingConfiguration").GetProperty("Type").GetString());
        Assert.Equal("churn-prod-5xx", policy.GetProperty("AutoRollbackConfiguration").GetProperty("Alarms")[0].GetProperty("AlarmName").GetString());
    }

    [Fact]
    public async Task Endpoints_EndpointFailsWhileCreating_ThrowsWithFailureReason()
    {
        var created = false;
        _gateway.Override = (request, body) =>
        {
            if (request.Operation == "CreateEndpoint")
            {
                created = true;
            }

            return created && request.Operation == "DescribeEndpoint"
                ? ModelAnswers.Json(new
                {
                    EndpointName = "churn-candidate-mr7",
                    EndpointArn = $"arn:aws:sagemaker:us-east-1:{AwsTestHost.AccountId}:endpoint/churn-candidate-mr7",
                    EndpointConfigName = "whatever",
                    EndpointStatus = "Failed",
                    FailureReason = "The primary container for production variant AllTraffic did not pass the ping health check.",
                    CreationTime = 1700000000.0,
                    LastModifiedTime = 1700000300.0,
                })
                : null;
        };
        var operation = await Endpoints.DeployAsync(Deployment("churn-candidate-mr7", "s3://mlops-churn/models/1/model.tar.gz"));

        var error = await Assert.ThrowsAsync<MlOpsException>(() => operation.WaitForCompletionAsync());

        Assert.Equal(EndpointDeploymentOperation.EndpointFailedErrorCode, error.ErrorCode);
        Assert.Contains("did not pass the ping health check", error.Message, StringComparison.Ordinal);
        Assert.Equal("churn-candidate-mr7", error.ResourceName);
    }

    [Fact]
    public async Task Endpoints_UpdateSilentlyRolledBack_ThrowsEndpointRolledBack()
    {
        var first = await (await Endpoints.DeployAsync(Deployment("churn-prod", "s3://mlops-churn/models/1/model.tar.gz"))).WaitForCompletionAsync();
        _gateway.RollBackUpdates = true;
        var second = await Endpoints.DeployAsync(Deployment("churn-prod", "s3://mlops-churn/models/2/model.tar.gz"));

        var error = await Assert.ThrowsAsync<EndpointRolledBackException>(() => second.WaitForCompletionAsync());

        Assert.Equal(second.TargetEndpointConfigName, error.ExpectedEndpointConfigName);
        Assert.Equal(first.EndpointConfigName, error.ActualEndpointConfigName);
        Assert.Contains(_host.Handler.Requests, r => r.Operation == "UpdateEndpoint");
    }

    [Fact]
    public async Task Cleanup_OldCandidateAndProduction_DeletesCandidateKeepsProduction()
    {
        await (await Endpoints.DeployAsync(Deployment("churn-prod", "s3://mlops-churn/models/1/model.tar.gz", ReleaseKind.Stable))).WaitForCompletionAsync();
        await (await Endpoints.DeployAsync(Deployment("churn-candidate-mr7", "s3://mlops-churn/models/2/model.tar.gz", ReleaseKind.Candidate))).WaitForCompletionAsync();
        var oldRelease = S3Uri.Parse($"s3://{Bucket}/releases/" + ReleaseName.Candidate(7, "abc12345", new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)).FileName);
        var zip = Path.GetTempFileName();
        await _host.Artifacts.UploadFileAsync(zip, oldRelease);
        File.Delete(zip);
        Clock.Offset = TimeSpan.FromDays(10);
        var policy = new CleanupPolicy
        {
            Project = "churn",
            ProductionEndpointName = "churn-prod",
            RetentionPeriod = TimeSpan.FromDays(7),
            ReleaseLocations = [$"s3://{Bucket}/releases/"],
            DryRun = false,
        };

        var plan = await Cleanup.PlanAsync(policy);
        var report = await Cleanup.ExecuteAsync(plan);
        var again = await Cleanup.RunAsync(policy);

        Assert.Contains(plan.Actions, a => a.Kind == CleanupResourceKind.Endpoint && a.Name == "churn-candidate-mr7");
        Assert.DoesNotContain(plan.Actions, a => a.Name == "churn-prod");
        Assert.True(report.Succeeded, string.Join("; ", report.Steps.Select(s => $"{s.Action.Name}: {s.Outcome} {s.Message}")));
        Assert.Null(await Endpoints.GetEndpointAsync("churn-candidate-mr7"));
        Assert.NotNull(await Endpoints.GetEndpointAsync("churn-prod"));
        Assert.False(await _host.Artifacts.ExistsAsync(oldRelease), string.Join("; ", report.Steps.Select(s => $"{s.Action.Kind} {s.Action.Name}: {s.Outcome} {s.Message}")));
        Assert.DoesNotContain(again.Steps, s => s.Outcome == CleanupOutcome.Failed);
    }

    private static TrainingJobSpec Spec(string name) => new()
    {
        TrainingJobName = name,
        Image = Image,
        RoleArn = AwsTestHost.RoleArn,
        OutputPath = $"s3://{Bucket}/output/",
        Channels = [new TrainingChannel("train", $"s3://{Bucket}/data/train/") { ContentType = "text/csv" }],
        InstanceType = "ml.m5.large",
        MaxRuntime = TimeSpan.FromMinutes(30),
        HyperParameters = new Dictionary<string, string> { ["epochs"] = "10", ["learning_rate"] = "0.05" },
        MetricDefinitions = new Dictionary<string, string> { ["validation:auc"] = "auc=([0-9.]+)" },
        Tags = [new ResourceTag(StandardTagKeys.Project, "churn")],
    };

    private static EndpointDeploymentSpec Deployment(string endpointName, string modelDataUrl, ReleaseKind kind = ReleaseKind.Stable) => new()
    {
        EndpointName = endpointName,
        Image = Image,
        ModelDataUrl = modelDataUrl,
        ExecutionRoleArn = AwsTestHost.RoleArn,
        InstanceType = "ml.m5.large",
        Tags = [new ResourceTag(StandardTagKeys.Project, "churn"), new ResourceTag(StandardTagKeys.ReleaseKind, kind.ToText())],
    };

    private static object TrainingJobAnswer(JsonElement request, string status, string secondaryStatus, string? failureReason)
    {
        var name = request.GetProperty("TrainingJobName").GetString()!;
        return new Dictionary<string, object?>
        {
            ["TrainingJobName"] = name,
            ["TrainingJobArn"] = $"arn:aws:sagemaker:us-east-1:{AwsTestHost.AccountId}:training-job/{name}",
            ["ModelArtifacts"] = new { S3ModelArtifacts = $"s3://{Bucket}/output/{name}/output/model.tar.gz" },
            ["TrainingJobStatus"] = status,
            ["SecondaryStatus"] = secondaryStatus,
            ["FailureReason"] = failureReason,
            ["AlgorithmSpecification"] = new { TrainingImage = Image, TrainingInputMode = "File" },
            ["StoppingCondition"] = new { MaxRuntimeInSeconds = 1800 },
            ["CreationTime"] = 1700000000.0,
            ["SecondaryStatusTransitions"] = new[] { new { Status = "Starting", StartTime = 1700000000.0, StatusMessage = "Preparing the instances for training" } },
        };
    }
}
