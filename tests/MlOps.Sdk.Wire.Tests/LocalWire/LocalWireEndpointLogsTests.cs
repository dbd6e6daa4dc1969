using MlOps.Sdk.SageMaker;

namespace MlOps.Sdk.Tests.LocalWire;

/// <summary>CloudWatch Logs (endpoint logs: <c>/aws/sagemaker/Endpoints/&lt;endpoint&gt;</c>) through the server.</summary>
public sealed class LocalWireEndpointLogsTests(LocalWireFixture fixture) : IClassFixture<LocalWireFixture>, IAsyncLifetime
{
    private const string Endpoint = "logs-endpoint";
    private const string Group = "/aws/sagemaker/Endpoints/" + Endpoint;

    public async Task InitializeAsync()
    {
        var existing = new List<string>();
        await foreach (var summary in fixture.Home.Client.ListEndpointsAsync(new ListEndpointsRequest { NameContains = Endpoint }))
        {
            existing.Add(summary.EndpointName);
        }

        if (!existing.Contains(Endpoint))
        {
            var model = await fixture.Home.UploadModelAsync("models/logs-endpoint.tar.gz", 3);
            await fixture.Home.CreateModelAndConfigAsync(Endpoint, fixture.ServerImage, model);
            var created = await fixture.Tools.AwsAsync("sagemaker", "create-endpoint", "--endpoint-name", Endpoint, "--endpoint-config-name", Endpoint);
            Assert.True(created.ExitCode == 0, created.StandardError);
        }

        await fixture.Home.WaitForEndpointAsync(Endpoint);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task DescribeLogStreams_AwsCliOnInServiceEndpoint_ListsOneStreamNamedVariantSlashInstance()
    {
        var answer = (await fixture.Tools.AwsAsync("logs", "describe-log-streams", "--log-group-name", Group)).Json();

        var stream = Assert.Single(answer.GetProperty("logStreams").EnumerateArray());
        var name = stream.GetProperty("logStreamName").GetString()!;
        Assert.Matches("^AllTraffic/[0-9]{14}-[0-9a-f]{8}$", name);
        Assert.EndsWith($":log-group:{Group}:log-stream:{name}", stream.GetProperty("arn").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FilterLogEvents_AwsCliOnEndpointGroup_ReturnsServerStartUpLine()
    {
        var answer = (await fixture.Tools.AwsAsync(
            "logs", "filter-log-events", "--log-group-name", Group, "--log-stream-name-prefix", "AllTraffic/", "--filter-pattern", "\"serving model\"")).Json();

        var line = Assert.Single(answer.GetProperty("events").EnumerateArray());
        Assert.StartsWith("serving model weight=3 version=v1 on ", line.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("AllTraffic/", line.GetProperty("logStreamName").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetLogEvents_Boto3FromHeadOfInstanceStream_FirstLineIsServerStartUp()
    {
        var result = await fixture.Tools.Boto3Async($$"""
            logs = session.client("logs")
            stream = logs.describe_log_streams(logGroupName="{{Group}}")["logStreams"][0]
            page = logs.get_log_events(logGroupName="{{Group}}", logStreamName=stream["logStreamName"], startFromHead=True, limit=1)
            print(json.dumps({"messages": [e["message"] for e in page["events"]], "first": stream["firstEventTimestamp"], "at": page["events"][0]["timestamp"]}))
            """);

        var answer = result.Json();
        var message = Assert.Single(answer.GetProperty("messages").EnumerateArray());
        Assert.StartsWith("serving model ", message.GetString(), StringComparison.Ordinal);
        Assert.Equal(answer.GetProperty("first").GetInt64(), answer.GetProperty("at").GetInt64());
    }

    [Fact]
    public async Task FilterLogEvents_Boto3TimeWindowAroundFirstEvent_ReturnsEventsInsideTheWindowOnly()
    {
        // CloudWatch's window is startTime inclusive, endTime exclusive, both in epoch milliseconds.
        var result = await fixture.Tools.Boto3Async($$"""
            logs = session.client("logs")
            first = logs.describe_log_streams(logGroupName="{{Group}}")["logStreams"][0]["firstEventTimestamp"]
            def count(**window):
                return len(logs.filter_log_events(logGroupName="{{Group}}", filterPattern='"serving model"', **window)["events"])
            print(json.dumps({"around": count(startTime=first, endTime=first + 1), "before": count(endTime=first), "after": count(startTime=first + 3600000)}))
            """);

        var answer = result.Json();
        Assert.Equal(1, answer.GetProperty("around").GetInt32());
        Assert.Equal(0, answer.GetProperty("before").GetInt32());
        Assert.Equal(0, answer.GetProperty("after").GetInt32());
    }

    [Fact]
    public async Task GetLogEvents_AwsCliStartTimeAfterEveryEvent_ReturnsNoEvents()
    {
        var streams = (await fixture.Tools.AwsAsync("logs", "describe-log-streams", "--log-group-name", Group)).Json();
        var stream = streams.GetProperty("logStreams")[0];
        var later = stream.GetProperty("lastEventTimestamp").GetInt64() + 1;

        var answer = (await fixture.Tools.AwsAsync(
            "logs", "get-log-events", "--log-group-name", Group, "--log-stream-name", stream.GetProperty("logStreamName").GetString()!,
            "--start-time", later.ToString(System.Globalization.CultureInfo.InvariantCulture))).Json();

        Assert.Empty(answer.GetProperty("events").EnumerateArray());
    }

    [Fact]
    public async Task DescribeLogStreams_GroupOfEndpointThatNeverStarted_FailsWithResourceNotFound()
    {
        var result = await fixture.Tools.AwsAsync("logs", "describe-log-streams", "--log-group-name", "/aws/sagemaker/Endpoints/no-such-endpoint");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("(ResourceNotFoundException)", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("The specified log group does not exist", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetLogEvents_Boto3StreamNotInEndpointGroup_FailsWithResourceNotFound()
    {
        var result = await fixture.Tools.Boto3Async($$"""
            logs = session.client("logs")
            try:
                logs.get_log_events(logGroupName="{{Group}}", logStreamName="AllTraffic/no-such-instance")
                print(json.dumps({"code": None}))
            except logs.exceptions.ResourceNotFoundException as error:
                print(json.dumps({"code": error.response["Error"]["Code"], "message": error.response["Error"]["Message"]}))
            """);

        var answer = result.Json();
        Assert.Equal("ResourceNotFoundException", answer.GetProperty("code").GetString());
        Assert.Equal("The specified log stream does not exist.", answer.GetProperty("message").GetString());
    }

    [Fact]
    public async Task FilterLogEvents_BlueGreenUpdateWhileBaking_ReturnsEachFleetsStartUpInItsOwnStream()
    {
        // While a blue/green update bakes, both fleets run (the old one waits for a rollback), so the group holds a
        // stream per instance of each; the 10-minute wait keeps the old fleet's folder, and its stream, for the test.
        const string name = "logs-bluegreen";
        const string group = "/aws/sagemaker/Endpoints/" + name;
        await fixture.Home.CreateModelAndConfigAsync(name + "-blue", fixture.ServerImage, await fixture.Home.UploadModelAsync("models/logs-blue.tar.gz", 3));
        await fixture.Home.CreateModelAndConfigAsync(name + "-green", fixture.ServerImage, await fixture.Home.UploadModelAsync("models/logs-green.tar.gz", 5));
        Assert.Equal(0, (await fixture.Tools.AwsAsync("sagemaker", "create-endpoint", "--endpoint-name", name, "--endpoint-config-name", name + "-blue")).ExitCode);
        await fixture.Home.WaitForEndpointAsync(name);
        try
        {
            var updated = await fixture.Tools.AwsAsync(
                "sagemaker", "update-endpoint", "--endpoint-name", name, "--endpoint-config-name", name + "-green",
                "--deployment-config", """{"BlueGreenUpdatePolicy":{"TrafficRoutingConfiguration":{"Type":"ALL_AT_ONCE","WaitIntervalInSeconds":600}}}""");
            Assert.True(updated.ExitCode == 0, updated.StandardError);
            await WaitForStartedServersAsync(name, group, 2);

            var answer = (await fixture.Tools.AwsAsync("logs", "filter-log-events", "--log-group-name", group, "--filter-pattern", "\"serving model\"")).Json();

            var lines = answer.GetProperty("events").EnumerateArray()
                .Select(e => (Stream: e.GetProperty("logStreamName").GetString()!, Message: e.GetProperty("message").GetString()!))
                .ToList();
            Assert.Equal(2, lines.Count);
            Assert.Equal(2, lines.Select(l => l.Stream).Distinct(StringComparer.Ordinal).Count());
            Assert.All(lines, l => Assert.StartsWith("AllTraffic/", l.Stream, StringComparison.Ordinal));
            Assert.Contains(lines, l => l.Message.StartsWith("serving model weight=3 ", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.Message.StartsWith("serving model weight=5 ", StringComparison.Ordinal));
        }
        finally
        {
            await fixture.Tools.AwsAsync("sagemaker", "delete-endpoint", "--endpoint-name", name);
        }
    }

    // The new fleet's stream appears once its server has started and written its first line; DescribeEndpoint is
    // polled meanwhile because local mode moves an update on when the endpoint is read.
    private async Task WaitForStartedServersAsync(string endpointName, string group, int count)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            await fixture.Home.Client.DescribeEndpointAsync(new DescribeEndpointRequest { EndpointName = endpointName });
            var started = (await fixture.Tools.AwsAsync("logs", "filter-log-events", "--log-group-name", group, "--filter-pattern", "\"serving model\"")).Json();
            if (started.GetProperty("events").GetArrayLength() >= count)
            {
                return;
            }

            Assert.True(watch.Elapsed < TimeSpan.FromMinutes(2), $"{group} has fewer than {count} started servers after 2 minutes.");
            await Task.Delay(200);
        }
    }
}
