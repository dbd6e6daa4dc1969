using Microsoft.Extensions.DependencyInjection;
using MlOps.Sdk.Scaling;
using MlOps.Sdk.SageMaker;
using MlOps.Sdk.Tests.Fixtures;
using MlOps.Sdk.Training;

namespace MlOps.Sdk.Tests.LocalWire;

/// <summary>CloudWatch Logs (training logs) and Application Auto Scaling through the server.</summary>
public sealed class LocalWireLogsAndScalingTests(LocalWireFixture fixture) : IClassFixture<LocalWireFixture>, IAsyncLifetime
{
    private const string Job = "logs-job";

    public async Task InitializeAsync()
    {
        var existing = new List<string>();
        await foreach (var summary in fixture.Home.Client.ListTrainingJobsAsync(new ListTrainingJobsRequest { NameContains = Job }))
        {
            existing.Add(summary.TrainingJobName);
        }

        if (!existing.Contains(Job))
        {
            var data = await fixture.Home.UploadTrainingDataAsync();
            await fixture.Home.Client.CreateTrainingJobAsync(fixture.Home.TrainingRequest(Job, fixture.TrainerImage, data));
        }

        await fixture.Home.WaitForTrainingAsync(Job);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task FilterLogEvents_AwsCliWithPatternOnTrainingStream_ReturnsMatchingLinesInOrder()
    {
        var answer = (await fixture.Tools.AwsAsync(
            "logs", "filter-log-events", "--log-group-name", "/aws/sagemaker/TrainingJobs",
            "--log-stream-name-prefix", Job + "/", "--filter-pattern", "validation:accuracy")).Json();

        var events = answer.GetProperty("events").EnumerateArray().ToList();
        Assert.Equal(["validation:accuracy=0.50", "validation:accuracy=0.93"], events.Select(e => e.GetProperty("message").GetString()));
        Assert.All(events, e => Assert.Matches($"^{Job}/algo-1-[0-9]+$", e.GetProperty("logStreamName").GetString()));
    }

    [Fact]
    public async Task DescribeLogStreams_TwoHostJob_ListsOneStreamPerHostAsSageMakerNamesThem()
    {
        const string twoHosts = "logs-job-two-hosts";
        var data = await fixture.Home.UploadTrainingDataAsync();
        var request = fixture.Home.TrainingRequest(twoHosts, fixture.TrainerImage, data);
        await fixture.Home.Client.CreateTrainingJobAsync(request with { ResourceConfig = request.ResourceConfig! with { InstanceCount = 2 } });
        await fixture.Home.WaitForTrainingAsync(twoHosts);

        var answer = (await fixture.Tools.AwsAsync(
            "logs", "describe-log-streams", "--log-group-name", "/aws/sagemaker/TrainingJobs", "--log-stream-name-prefix", twoHosts + "/")).Json();

        var names = answer.GetProperty("logStreams").EnumerateArray().Select(s => s.GetProperty("logStreamName").GetString()!).ToList();
        Assert.Collection(
            names,
            n => Assert.Matches($"^{twoHosts}/algo-1-[0-9]+$", n),
            n => Assert.Matches($"^{twoHosts}/algo-2-[0-9]+$", n));
    }

    [Fact]
    public async Task GetLogEvents_Boto3FromHeadToTheEnd_ForwardTokenRepeatsOnceNothingIsLeft()
    {
        var result = await fixture.Tools.Boto3Async($$"""
            logs = session.client("logs")
            streams = logs.describe_log_streams(logGroupName="/aws/sagemaker/TrainingJobs", logStreamNamePrefix="{{Job}}/")["logStreams"]
            lines, token, pages = [], None, 0
            while True:
                params = {"logGroupName": "/aws/sagemaker/TrainingJobs", "logStreamName": streams[0]["logStreamName"], "startFromHead": True, "limit": 2}
                if token: params["nextToken"] = token
                page = logs.get_log_events(**params)
                lines += [e["message"] for e in page["events"]]
                pages += 1
                if page["nextForwardToken"] == token: break
                token = page["nextForwardToken"]
            print(json.dumps({"lines": lines, "pages": pages, "streams": [s["logStreamName"] for s in streams]}))
            """);

        var answer = result.Json();
        var lines = answer.GetProperty("lines").EnumerateArray().Select(l => l.GetString()).ToList();
        Assert.Contains("a warning on stderr", lines);
        Assert.Equal("validation:accuracy=0.93", lines.Last(l => l!.StartsWith("validation:", StringComparison.Ordinal)));
        // Pages of 2, then one empty page whose forward token is the one sent: the end, as CloudWatch Logs signals it.
        Assert.Equal((lines.Count + 1) / 2 + 1, answer.GetProperty("pages").GetInt32());
        Assert.Matches($"^{Job}/algo-1-[0-9]+$", Assert.Single(answer.GetProperty("streams").EnumerateArray()).GetString());
    }

    [Fact]
    public async Task GetLogs_SdkAwsModeAgainstServer_ReadsTheTrainingLogThroughFilterLogEvents()
    {
        using var host = new AwsTestHost(fixture.Server.BaseAddress, new RecordingHandler(), TimeProvider.System);
        var training = host.Services.GetRequiredService<TrainingClient>();

        var lines = new List<string>();
        await foreach (var line in training.GetLogsAsync(Job))
        {
            lines.Add(line.Message);
        }

        Assert.Contains("validation:accuracy=0.93", lines);
        Assert.Contains(host.Handler.Requests, r => r.Target == "Logs_20140328.FilterLogEvents");
        WireConformance.AssertAllConform(host.Handler.Requests);
    }

    [Fact]
    public async Task FilterLogEvents_UnknownGroup_Boto3SeesResourceNotFoundException()
    {
        var result = await fixture.Tools.Boto3Async("""
            from botocore.exceptions import ClientError
            try:
                session.client("logs").filter_log_events(logGroupName="/aws/lambda/elsewhere")
                print(json.dumps(None))
            except ClientError as e:
                print(json.dumps(e.response["Error"]["Code"]))
            """);

        Assert.Equal("ResourceNotFoundException", result.Json().GetString());
    }

    [Fact]
    public async Task DescribeScalableTargets_NoneRegistered_AwsCliSeesEmptyList()
    {
        var answer = (await fixture.Tools.AwsAsync("application-autoscaling", "describe-scalable-targets", "--service-namespace", "sagemaker")).Json();

        Assert.Empty(answer.GetProperty("ScalableTargets").EnumerateArray());
    }

    [Fact]
    public async Task RegisterScalableTarget_Boto3WithoutCapacities_SeesValidationExceptionAsFromAws()
    {
        var result = await fixture.Tools.Boto3Async("""
            from botocore.exceptions import ClientError
            try:
                session.client("application-autoscaling").register_scalable_target(ServiceNamespace="sagemaker",
                    ResourceId="endpoint/none/variant/AllTraffic", ScalableDimension="sagemaker:variant:DesiredInstanceCount")
                print(json.dumps(None))
            except ClientError as e:
                print(json.dumps(e.response["Error"]["Code"]))
            """);

        Assert.Equal("ValidationException", result.Json().GetString());
    }

    [Fact]
    public async Task DeleteScalingPolicy_NotThere_SdkAwsModeSeesObjectNotFoundException()
    {
        using var host = new AwsTestHost(fixture.Server.BaseAddress, new RecordingHandler(), TimeProvider.System);
        var scaling = host.Services.GetRequiredService<IApplicationAutoScalingClient>();

        var error = await Assert.ThrowsAsync<MlOpsException>(() => scaling.DeleteScalingPolicyAsync(new DeleteScalingPolicyRequest
        {
            PolicyName = "MlOps-InvocationsPerInstance",
            ServiceNamespace = "sagemaker",
            ResourceId = "endpoint/none/variant/AllTraffic",
            ScalableDimension = "sagemaker:variant:DesiredInstanceCount",
        }));

        Assert.Equal("ObjectNotFoundException", error.ErrorCode);
    }
}
