using MlOps.Sdk.SageMaker;
using MlOps.Sdk.Tests.Fixtures;

namespace MlOps.Sdk.Tests.Aws;

/// <summary>
/// Every control-plane operation of the port that moto implements, through the AWS adapter against moto; every request
/// sent is then checked against botocore's SageMaker model. (moto lacks StopTrainingJob, DeleteModelPackage,
/// DeleteModelPackageGroup and UpdateEndpoint: see <see cref="AwsSageMakerClientModelAnsweredTests"/>.)
/// </summary>
[Collection(MotoCollection.Name)]
public sealed class AwsSageMakerClientWireTests : IAsyncLifetime
{
    private readonly MotoServerFixture _moto;
    private AwsTestHost _host = null!;

    public AwsSageMakerClientWireTests(MotoServerFixture moto) => _moto = moto;

    private ISageMakerClient Client => _host.SageMaker;

    public async Task InitializeAsync()
    {
        await _moto.ResetAsync();
        _host = new AwsTestHost(_moto.Endpoint, new RecordingHandler());
    }

    public Task DisposeAsync()
    {
        WireConformance.AssertAllConform(_host.Handler.Requests);
        _host.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task CreateTrainingJobAsync_ValidRequest_SendsJson11WithTargetAndReturnsArn()
    {
        var created = await Client.CreateTrainingJobAsync(SageMakerTestRequests.TrainingJob("churn-train-1"));

        Assert.Equal("arn:aws:sagemaker:us-east-1:123456789012:training-job/churn-train-1", created.TrainingJobArn);
        var sent = Assert.Single(_host.Handler.Requests);
        Assert.Equal(HttpMethod.Post, sent.Method);
        Assert.Equal("/", sent.Uri.AbsolutePath);
        Assert.Equal("SageMaker.CreateTrainingJob", sent.Target);
        Assert.Equal("application/x-amz-json-1.1", sent.Headers["Content-Type"]);
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/", sent.Headers["Authorization"], StringComparison.Ordinal);
        Assert.Contains("/us-east-1/sagemaker/aws4_request", sent.Headers["Authorization"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task DescribeTrainingJobAsync_AfterCreate_ReadsStatusTimesAndSpec()
    {
        await Client.CreateTrainingJobAsync(SageMakerTestRequests.TrainingJob("churn-train-2"));

        var job = await Client.DescribeTrainingJobAsync(new DescribeTrainingJobRequest { TrainingJobName = "churn-train-2" });

        Assert.Equal("churn-train-2", job.TrainingJobName);
        Assert.Equal(TrainingJobStatus.Completed, job.TrainingJobStatus);
        Assert.Equal(AwsTestHost.RoleArn, job.RoleArn);
        Assert.Equal("ml.m5.large", job.ResourceConfig?.InstanceType);
        Assert.Equal(3600, job.StoppingCondition.MaxRuntimeInSeconds);
        Assert.True(job.CreationTime > DateTimeOffset.UtcNow.AddDays(-1));
        Assert.Equal("10", job.HyperParameters?["epochs"]);
    }

    [Fact]
    public async Task DescribeTrainingJobAsync_UnknownJob_ThrowsWithAwsErrorCodeAndResource()
    {
        var error = await Assert.ThrowsAsync<MlOpsException>(() => Client.DescribeTrainingJobAsync(new DescribeTrainingJobRequest { TrainingJobName = "no-such-job" }));

        Assert.Equal("ValidationException", error.ErrorCode);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal("no-such-job", error.ResourceName);
        Assert.Single(_host.Handler.Requests);
    }

    [Fact]
    public async Task ListTrainingJobsAsync_SeveralJobs_ListsEachOnce()
    {
        for (var i = 0; i < 12; i++)
        {
            await Client.CreateTrainingJobAsync(SageMakerTestRequests.TrainingJob($"page-job-{i:00}"));
        }

        var names = new List<string>();
        await foreach (var job in Client.ListTrainingJobsAsync(new ListTrainingJobsRequest { NameContains = "page-job" }))
        {
            names.Add(job.TrainingJobName);
        }

        Assert.Equal(12, names.Distinct().Count());
    }

    [Fact]
    public async Task ModelPackageGroupOperations_CreateDescribeList_RoundTrip()
    {
        var created = await Client.CreateModelPackageGroupAsync(new CreateModelPackageGroupRequest
        {
            ModelPackageGroupName = "churn-models",
            ModelPackageGroupDescription = "Churn models",
            Tags = [new Tag { Key = "mlops:project", Value = "churn" }],
        });
        var described = await Client.DescribeModelPackageGroupAsync(new DescribeModelPackageGroupRequest { ModelPackageGroupName = "churn-models" });
        var listed = await ToListAsync(Client.ListModelPackageGroupsAsync(new ListModelPackageGroupsRequest { NameContains = "churn", SortBy = ModelPackageGroupSortBy.CreationTime, SortOrder = SortOrder.Descending }));

        Assert.EndsWith(":model-package-group/churn-models", created.ModelPackageGroupArn, StringComparison.Ordinal);
        Assert.Equal("Churn models", described.ModelPackageGroupDescription);
        Assert.Equal(created.ModelPackageGroupArn, Assert.Single(listed).ModelPackageGroupArn);
    }

    [Fact]
    public async Task ModelPackageOperations_CreateDescribeUpdateList_RoundTrip()
    {
        await Client.CreateModelPackageGroupAsync(new CreateModelPackageGroupRequest { ModelPackageGroupName = "churn-models" });

        var created = await Client.CreateModelPackageAsync(SageMakerTestRequests.ModelPackage("churn-models"));
        var described = await Client.DescribeModelPackageAsync(new DescribeModelPackageRequest { ModelPackageName = created.ModelPackageArn });
        var updated = await Client.UpdateModelPackageAsync(new UpdateModelPackageRequest
        {
            ModelPackageArn = created.ModelPackageArn,
            ModelApprovalStatus = ModelApprovalStatus.Approved,
            ApprovalDescription = "auc 0.91 > 0.85",
        });
        var approved = await ToListAsync(Client.ListModelPackagesAsync(new ListModelPackagesRequest
        {
            ModelPackageGroupName = "churn-models",
            ModelApprovalStatus = ModelApprovalStatus.Approved,
            SortBy = ModelPackageSortBy.CreationTime,
            SortOrder = SortOrder.Descending,
        }));

        Assert.Equal(ModelApprovalStatus.PendingManualApproval, described.ModelApprovalStatus);
        Assert.Equal("churn-models", described.ModelPackageGroupName);
        Assert.Equal(SageMakerTestRequests.Image, described.InferenceSpecification?.Containers[0].Image);
        Assert.Equal(created.ModelPackageArn, updated.ModelPackageArn);
        Assert.Equal(created.ModelPackageArn, Assert.Single(approved).ModelPackageArn);
    }

    [Fact]
    public async Task ModelOperations_CreateDescribeListDelete_RoundTrip()
    {
        var created = await Client.CreateModelAsync(SageMakerTestRequests.Model("churn-model-1"));
        var described = await Client.DescribeModelAsync(new DescribeModelRequest { ModelName = "churn-model-1" });
        var listed = await ToListAsync(Client.ListModelsAsync(new ListModelsRequest { NameContains = "churn", SortBy = ModelSortKey.CreationTime, SortOrder = "Ascending" }));
        await Client.DeleteModelAsync(new DeleteModelRequest { ModelName = "churn-model-1" });
        var afterDelete = await ToListAsync(Client.ListModelsAsync(new ListModelsRequest { NameContains = "churn" }));

        Assert.EndsWith(":model/churn-model-1", created.ModelArn, StringComparison.Ordinal);
        Assert.Equal(SageMakerTestRequests.Image, described.PrimaryContainer?.Image);
        Assert.Equal("churn-model-1", Assert.Single(listed).ModelName);
        Assert.Empty(afterDelete);
    }

    [Fact]
    public async Task EndpointConfigOperations_CreateDescribeListDelete_RoundTrip()
    {
        await Client.CreateModelAsync(SageMakerTestRequests.Model("churn-model-1"));

        var created = await Client.CreateEndpointConfigAsync(SageMakerTestRequests.EndpointConfig("churn-config-1", "churn-model-1"));
        var described = await Client.DescribeEndpointConfigAsync(new DescribeEndpointConfigRequest { EndpointConfigName = "churn-config-1" });
        var listed = await ToListAsync(Client.ListEndpointConfigsAsync(new ListEndpointConfigsRequest { NameContains = "churn" }));
        await Client.DeleteEndpointConfigAsync(new DeleteEndpointConfigRequest { EndpointConfigName = "churn-config-1" });

        Assert.EndsWith(":endpoint-config/churn-config-1", created.EndpointConfigArn, StringComparison.Ordinal);
        Assert.Equal("churn-model-1", Assert.Single(described.ProductionVariants).ModelName);
        Assert.Equal("churn-config-1", Assert.Single(listed).EndpointConfigName);
    }

    [Fact]
    public async Task EndpointOperations_CreateDescribeListDelete_RoundTrip()
    {
        await Client.CreateModelAsync(SageMakerTestRequests.Model("churn-model-1"));
        await Client.CreateEndpointConfigAsync(SageMakerTestRequests.EndpointConfig("churn-config-1", "churn-model-1"));

        var created = await Client.CreateEndpointAsync(new CreateEndpointRequest
        {
            EndpointName = "churn-prod",
            EndpointConfigName = "churn-config-1",
            Tags = [new Tag { Key = "mlops:project", Value = "churn" }],
        });
        var described = await Client.DescribeEndpointAsync(new DescribeEndpointRequest { EndpointName = "churn-prod" });
        var listed = await ToListAsync(Client.ListEndpointsAsync(new ListEndpointsRequest { NameContains = "churn", StatusEquals = EndpointStatus.InService, SortBy = EndpointSortKey.Name }));
        await Client.DeleteEndpointAsync(new DeleteEndpointRequest { EndpointName = "churn-prod" });
        var error = await Assert.ThrowsAsync<MlOpsException>(() => Client.DescribeEndpointAsync(new DescribeEndpointRequest { EndpointName = "churn-prod" }));

        Assert.EndsWith(":endpoint/churn-prod", created.EndpointArn, StringComparison.Ordinal);
        Assert.Equal(EndpointStatus.InService, described.EndpointStatus);
        Assert.Equal("churn-config-1", described.EndpointConfigName);
        Assert.Equal("churn-prod", Assert.Single(listed).EndpointName);
        Assert.Equal("churn-prod", error.ResourceName);
    }

    [Fact]
    public async Task TagOperations_AddThenList_ReturnsEveryTag()
    {
        var model = await Client.CreateModelAsync(SageMakerTestRequests.Model("churn-model-1"));

        await Client.AddTagsAsync(new AddTagsRequest
        {
            ResourceArn = model.ModelArn,
            Tags = [new Tag { Key = "mlops:release", Value = "candidate" }, new Tag { Key = "mlops:commit", Value = "abc1234" }],
        });
        var tags = await ToListAsync(Client.ListTagsAsync(new ListTagsRequest { ResourceArn = model.ModelArn }));

        Assert.Contains(tags, t => t.Key == "mlops:project" && t.Value == "churn");
        Assert.Contains(tags, t => t.Key == "mlops:release" && t.Value == "candidate");
        Assert.Contains(tags, t => t.Key == "mlops:commit" && t.Value == "abc1234");
    }

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }
}
