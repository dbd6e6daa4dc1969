using System.Net;
using System.Text.Json;
using MlOps.Sdk.SageMaker;
using MlOps.Sdk.Tests.Fixtures;

namespace MlOps.Sdk.Tests.Aws;

/// <summary>
/// The operations moto lacks (UpdateEndpoint, DeleteModelPackageGroup, DeleteModelPackage, StopTrainingJob), paging
/// and error answers, against an in-process handler that answers as the API model says. Every request is checked
/// against botocore's model.
/// </summary>
public sealed class AwsSageMakerClientModelAnsweredTests : IDisposable
{
    private static readonly Uri Endpoint = new("https://api.sagemaker.us-east-1.amazonaws.com/");
    private readonly AwsTestHost _host;

    public AwsSageMakerClientModelAnsweredTests()
    {
        _host = new AwsTestHost(Endpoint, new RecordingHandler(Answer));
    }

    private ISageMakerClient Client => _host.SageMaker;

    public void Dispose()
    {
        WireConformance.AssertAllConform(_host.Handler.Requests);
        _host.Dispose();
    }

    [Fact]
    public async Task UpdateEndpointAsync_BlueGreenCanaryWithAlarms_SendsDeploymentConfigAndReturnsArn()
    {
        var response = await Client.UpdateEndpointAsync(new UpdateEndpointRequest
        {
            EndpointName = "churn-prod",
            EndpointConfigName = "churn-config-2",
            DeploymentConfig = new DeploymentConfig
            {
                BlueGreenUpdatePolicy = new BlueGreenUpdatePolicy
                {
                    TrafficRoutingConfiguration = new TrafficRoutingConfig
                    {
                        Type = TrafficRoutingConfigType.Canary,
                        WaitIntervalInSeconds = 300,
                        CanarySize = new CapacitySize { Type = CapacitySizeType.CapacityPercent, Value = 10 },
                    },
                    TerminationWaitInSeconds = 120,
                    MaximumExecutionTimeoutInSeconds = 1800,
                },
                AutoRollbackConfiguration = new AutoRollbackConfig { Alarms = [new Alarm { AlarmName = "churn-prod-5xx" }] },
            },
        });

        Assert.Equal("arn:aws:sagemaker:us-east-1:123456789012:endpoint/churn-prod", response.EndpointArn);
        var sent = Assert.Single(_host.Handler.Requests);
        Assert.Equal("SageMaker.UpdateEndpoint", sent.Target);
        using var body = JsonDocument.Parse(sent.Body);
        var routing = body.RootElement.GetProperty("DeploymentConfig").GetProperty("BlueGreenUpdatePolicy").GetProperty("TrafficRoutingConfiguration");
        Assert.Equal("CANARY", routing.GetProperty("Type").GetString());
        Assert.Equal("CAPACITY_PERCENT", routing.GetProperty("CanarySize").GetProperty("Type").GetString());
        Assert.False(body.RootElement.TryGetProperty("RetainAllVariantProperties", out _));
    }

    [Fact]
    public async Task DeleteModelPackageGroupAsync_ExistingGroup_SendsNameOnly()
    {
        await Client.DeleteModelPackageGroupAsync(new DeleteModelPackageGroupRequest { ModelPackageGroupName = "churn-models" });

        var sent = Assert.Single(_host.Handler.Requests);
        Assert.Equal("SageMaker.DeleteModelPackageGroup", sent.Target);
        Assert.Equal("{\"ModelPackageGroupName\":\"churn-models\"}", sent.BodyText);
    }

    [Fact]
    public async Task DeleteModelPackageAsync_ByArn_SendsArnAsName()
    {
        const string arn = "arn:aws:sagemaker:us-east-1:123456789012:model-package/churn-models/3";

        await Client.DeleteModelPackageAsync(new DeleteModelPackageRequest { ModelPackageName = arn });

        Assert.Equal("{\"ModelPackageName\":\"" + arn + "\"}", Assert.Single(_host.Handler.Requests).BodyText);
    }

    [Fact]
    public async Task StopTrainingJobAsync_RunningJob_SendsStop()
    {
        await Client.StopTrainingJobAsync(new StopTrainingJobRequest { TrainingJobName = "churn-train-1" });

        Assert.Equal("SageMaker.StopTrainingJob", Assert.Single(_host.Handler.Requests).Target);
    }

    [Fact]
    public async Task ListTrainingJobsAsync_ServiceReturnsNextToken_FollowsEveryPage()
    {
        var pages = new Queue<object>(
        [
            new { TrainingJobSummaries = new[] { Summary("job-a"), Summary("job-b") }, NextToken = "page-2" },
            new { TrainingJobSummaries = new[] { Summary("job-c") }, NextToken = "page-3" },
            new { TrainingJobSummaries = Array.Empty<object>() },
        ]);
        using var host = new AwsTestHost(Endpoint, new RecordingHandler(_ => ModelAnswers.Json(pages.Dequeue())));

        var names = new List<string>();
        await foreach (var job in host.SageMaker.ListTrainingJobsAsync(new ListTrainingJobsRequest { StatusEquals = TrainingJobStatus.Completed }))
        {
            names.Add(job.TrainingJobName);
        }

        Assert.Equal(["job-a", "job-b", "job-c"], names);
        var bodies = host.Handler.Requests.Select(r => r.BodyText).ToList();
        Assert.Equal("{\"StatusEquals\":\"Completed\"}", bodies[0]);
        Assert.Equal("{\"StatusEquals\":\"Completed\",\"NextToken\":\"page-2\"}", bodies[1]);
        Assert.Equal("{\"StatusEquals\":\"Completed\",\"NextToken\":\"page-3\"}", bodies[2]);
        WireConformance.AssertAllConform(host.Handler.Requests);
    }

    [Fact]
    public async Task DescribeEndpointAsync_ThinAnswerMissingRequiredMembers_DoesNotThrow()
    {
        using var host = new AwsTestHost(Endpoint, new RecordingHandler(_ => ModelAnswers.Json(new { EndpointName = "churn-prod", EndpointStatus = "Failed", FailureReason = "image not found" })));

        var endpoint = await host.SageMaker.DescribeEndpointAsync(new DescribeEndpointRequest { EndpointName = "churn-prod" });

        Assert.Equal(EndpointStatus.Failed, endpoint.EndpointStatus);
        Assert.Equal("image not found", endpoint.FailureReason);
    }

    [Fact]
    public async Task DescribeEndpointAsync_UpdateInProgress_ReadsPendingDeploymentSummary()
    {
        using var host = new AwsTestHost(Endpoint, new RecordingHandler(_ => ModelAnswers.Json(new
        {
            EndpointName = "churn-prod",
            EndpointStatus = "Updating",
            EndpointConfigName = "churn-config-1",
            PendingDeploymentSummary = new { EndpointConfigName = "churn-config-2", StartTime = 1_700_000_000.25 },
        })));

        var endpoint = await host.SageMaker.DescribeEndpointAsync(new DescribeEndpointRequest { EndpointName = "churn-prod" });

        Assert.Equal(
            ("churn-config-2", DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_250)),
            (endpoint.PendingDeploymentSummary?.EndpointConfigName, endpoint.PendingDeploymentSummary?.StartTime));
    }

    [Fact]
    public async Task DescribeTrainingJobAsync_EpochSecondsWithFraction_ReadsExactInstant()
    {
        using var host = new AwsTestHost(Endpoint, new RecordingHandler(_ => ModelAnswers.Json(new
        {
            TrainingJobName = "churn-train-1",
            TrainingJobStatus = "Failed",
            SecondaryStatus = "Failed",
            FailureReason = "AlgorithmError: exit code 1",
            CreationTime = 1700000000.123,
            FinalMetricDataList = new[] { new { MetricName = "validation:auc", Value = 0.91, Timestamp = 1700000100.5 } },
        })));

        var job = await host.SageMaker.DescribeTrainingJobAsync(new DescribeTrainingJobRequest { TrainingJobName = "churn-train-1" });

        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1700000000123), job.CreationTime);
        Assert.Equal(TrainingJobStatus.Failed, job.TrainingJobStatus);
        Assert.Equal("AlgorithmError: exit code 1", job.FailureReason);
        Assert.Equal(0.91, Assert.Single(job.FinalMetricDataList!).Value);
    }

    [Fact]
    public async Task ListTrainingJobsAsync_TimeFilter_SendsEpochSecondsNumber()
    {
        using var host = new AwsTestHost(Endpoint, new RecordingHandler(_ => ModelAnswers.Json(new { TrainingJobSummaries = Array.Empty<object>() })));

        await foreach (var unused in host.SageMaker.ListTrainingJobsAsync(new ListTrainingJobsRequest { CreationTimeAfter = DateTimeOffset.FromUnixTimeMilliseconds(1700000000250) }))
        {
            Assert.Fail("no jobs expected");
        }

        Assert.Equal("{\"CreationTimeAfter\":1700000000.25}", Assert.Single(host.Handler.Requests).BodyText);
        WireConformance.AssertAllConform(host.Handler.Requests);
    }

    [Theory]
    [InlineData("com.amazonaws.sagemaker#ResourceNotFound", "Message", "ResourceNotFound")]
    [InlineData("ResourceInUse", "message", "ResourceInUse")]
    public async Task DescribeModelAsync_ErrorAnswer_MapsTypeAndMessage(string type, string messageMember, string expectedCode)
    {
        using var host = new AwsTestHost(Endpoint, new RecordingHandler(_ => ModelAnswers.Error(HttpStatusCode.BadRequest, type, "Could not find model churn-model-9.", messageMember)));

        var error = await Assert.ThrowsAsync<MlOpsException>(() => host.SageMaker.DescribeModelAsync(new DescribeModelRequest { ModelName = "churn-model-9" }));

        Assert.Equal(expectedCode, error.ErrorCode);
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal("churn-model-9", error.ResourceName);
        Assert.Contains("Could not find model churn-model-9.", error.Message, StringComparison.Ordinal);
    }

    private static object Summary(string name) => new
    {
        TrainingJobName = name,
        TrainingJobArn = $"arn:aws:sagemaker:us-east-1:123456789012:training-job/{name}",
        CreationTime = 1700000000.5,
        TrainingJobStatus = "Completed",
    };

    private static HttpResponseMessage Answer(RecordedRequest request) => ModelAnswers.SageMakerSuccess(request);
}
