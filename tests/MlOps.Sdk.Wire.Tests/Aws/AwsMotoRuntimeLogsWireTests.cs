using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Sdk.Aws;
using MlOps.Sdk.SageMaker;
using MlOps.Sdk.Tests.Fixtures;

namespace MlOps.Sdk.Tests.Aws;

/// <summary>The runtime and training-log adapters against moto; every request is checked against botocore's models.</summary>
[Collection(MotoCollection.Name)]
public sealed class AwsMotoRuntimeLogsWireTests : IAsyncLifetime
{
    private readonly MotoServerFixture _moto;
    private AwsTestHost _host = null!;

    public AwsMotoRuntimeLogsWireTests(MotoServerFixture moto) => _moto = moto;

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
    public async Task InvokeEndpointAsync_Moto_ReturnsCannedAnswerWithHeaders()
    {
        await _moto.SetEndpointResultAsync("{\"predictions\":[0.42]}");

        var response = await _host.Runtime.InvokeEndpointAsync(new InvokeEndpointRequest
        {
            EndpointName = "churn-prod",
            Body = "{\"instances\":[[1,2,3]]}"u8.ToArray(),
            ContentType = "application/json",
            Accept = "application/json",
            CustomAttributes = "trace=abc",
        });

        Assert.Equal("{\"predictions\":[0.42]}", Encoding.UTF8.GetString(response.Body.Span));
        Assert.Equal("application/json", response.ContentType);
        Assert.Equal("AllTraffic", response.InvokedProductionVariant);
        Assert.Equal("attr=1", response.CustomAttributes);
    }

    [Fact]
    public async Task GetTrainingJobLogEventsAsync_JobStreams_ReturnsOnlyThatJobsEventsInOrder()
    {
        var logs = new AwsJsonProtocolClient(_host.Services.GetRequiredService<IHttpClientFactory>(), _host.Services.GetRequiredService<AwsEnvironment>(), AwsService.Logs, "Logs_20140328");
        await logs.InvokeAsync("CreateLogGroup", new JsonObject { ["logGroupName"] = "/aws/sagemaker/TrainingJobs" }, null, default);
        var start = DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeMilliseconds();
        foreach (var (stream, lines) in new[] { ("churn-1/algo-1-1700000000", new[] { "epoch 1 auc=0.80", "epoch 2 auc=0.91" }), ("churn-10/algo-1-1700000000", new[] { "other job" }) })
        {
            await logs.InvokeAsync("CreateLogStream", new JsonObject { ["logGroupName"] = "/aws/sagemaker/TrainingJobs", ["logStreamName"] = stream }, null, default);
            var events = new JsonArray(lines.Select((line, i) => (JsonNode)new JsonObject { ["timestamp"] = start + (i * 1000), ["message"] = line }).ToArray());
            await logs.InvokeAsync("PutLogEvents", new JsonObject { ["logGroupName"] = "/aws/sagemaker/TrainingJobs", ["logStreamName"] = stream, ["logEvents"] = events }, null, default);
        }

        var read = new List<TrainingLogEvent>();
        await foreach (var logEvent in _host.Logs.GetTrainingJobLogEventsAsync("churn-1", DateTimeOffset.FromUnixTimeMilliseconds(start)))
        {
            read.Add(logEvent);
        }

        Assert.Equal(["epoch 1 auc=0.80", "epoch 2 auc=0.91"], read.Select(e => e.Message));
        Assert.All(read, e => Assert.Equal("churn-1/algo-1-1700000000", e.StreamName));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(start), read[0].Timestamp);
        var filter = _host.Handler.Requests.Last(r => r.Operation == "FilterLogEvents");
        Assert.Contains("\"logStreamNamePrefix\":\"churn-1/\"", filter.BodyText, StringComparison.Ordinal);
        Assert.Contains("/us-east-1/logs/aws4_request", filter.Headers["Authorization"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetTrainingJobLogEventsAsync_NoLogGroupYet_ReturnsNothing()
    {
        var read = new List<TrainingLogEvent>();
        await foreach (var logEvent in _host.Logs.GetTrainingJobLogEventsAsync("churn-2"))
        {
            read.Add(logEvent);
        }

        Assert.Empty(read);
    }
}
