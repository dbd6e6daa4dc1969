using System.Diagnostics;
using MlOps.Sdk.SageMaker;
using MlOps.Sdk.Tests.Fixtures;

namespace MlOps.Sdk.Tests.LocalWire;

/// <summary>CloudWatch alarms through the AWS CLI (AWS JSON 1.0, as botocore picks it from CloudWatch's model).</summary>
public sealed class LocalWireCloudWatchTests(LocalWireFixture fixture) : IClassFixture<LocalWireFixture>
{
    [Fact]
    public async Task SetAlarmState_AwsCliTripsTheAlarmWhileTheUpdateBakes_EndpointRollsBackToTheOldConfig()
    {
        const string name = "cw-bake";
        const string alarm = "cw-bake-5xx";
        var model = await fixture.Home.UploadModelAsync("models/cw-bake.tar.gz", 2);
        await fixture.Home.CreateModelAndConfigAsync("cw-bake-1", fixture.ServerImage, model, new Dictionary<string, string> { ["VERSION"] = "blue" });
        await fixture.Home.CreateModelAndConfigAsync("cw-bake-2", fixture.ServerImage, model, new Dictionary<string, string> { ["VERSION"] = "green" });
        await fixture.Home.Client.CreateEndpointAsync(new CreateEndpointRequest { EndpointName = name, EndpointConfigName = "cw-bake-1" });
        await fixture.Home.WaitForEndpointAsync(name);
        Succeeded(await fixture.Tools.AwsAsync(
            "cloudwatch", "put-metric-alarm", "--alarm-name", alarm, "--namespace", "AWS/SageMaker", "--metric-name", "Invocation5XXErrors",
            "--dimensions", $"Name=EndpointName,Value={name}", "--statistic", "Sum", "--period", "60", "--evaluation-periods", "1",
            "--threshold", "1", "--comparison-operator", "GreaterThanOrEqualToThreshold"));
        await fixture.Home.Client.UpdateEndpointAsync(new UpdateEndpointRequest
        {
            EndpointName = name,
            EndpointConfigName = "cw-bake-2",
            DeploymentConfig = new DeploymentConfig
            {
                BlueGreenUpdatePolicy = new BlueGreenUpdatePolicy
                {
                    TrafficRoutingConfiguration = new TrafficRoutingConfig { Type = TrafficRoutingConfigType.AllAtOnce, WaitIntervalInSeconds = 0 },
                    TerminationWaitInSeconds = 600,
                },
                AutoRollbackConfiguration = new AutoRollbackConfig { Alarms = [new Alarm { AlarmName = alarm }] },
            },
        });
        var watch = Stopwatch.StartNew();
        while (!(await fixture.Home.InvokeAsync(name, "1")).Contains("\"green\"", StringComparison.Ordinal))
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(90), "The new fleet never took the traffic.");
            await Task.Delay(100);
        }

        Succeeded(await fixture.Tools.AwsAsync("cloudwatch", "set-alarm-state", "--alarm-name", alarm, "--state-value", "ALARM", "--state-reason", "tripped from the CLI"));
        var endpoint = await fixture.Home.WaitForEndpointAsync(name);
        var described = (await fixture.Tools.AwsAsync("cloudwatch", "describe-alarms", "--alarm-names", alarm)).Json().GetProperty("MetricAlarms")[0];

        Assert.Equal(EndpointStatus.InService, endpoint.EndpointStatus);
        Assert.Equal("cw-bake-1", endpoint.EndpointConfigName);
        Assert.Contains(alarm, endpoint.FailureReason, StringComparison.Ordinal);
        Assert.Contains("tripped from the CLI", endpoint.FailureReason, StringComparison.Ordinal);
        Assert.Contains("\"blue\"", await fixture.Home.InvokeAsync(name, "1"), StringComparison.Ordinal);
        Assert.Equal("ALARM", described.GetProperty("StateValue").GetString());
        Assert.Equal("Invocation5XXErrors", described.GetProperty("MetricName").GetString());
        Assert.Equal(name, described.GetProperty("Dimensions")[0].GetProperty("Value").GetString());
    }

    [Fact]
    public async Task SetAlarmState_AwsCliOnAnAlarmNeverPut_FailsWithResourceNotFound()
    {
        var result = await fixture.Tools.AwsAsync("cloudwatch", "set-alarm-state", "--alarm-name", "cw-missing", "--state-value", "ALARM", "--state-reason", "test");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("(ResourceNotFound)", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DescribeAlarms_AwsCliPutWithActionsAndSettings_ReturnsThem()
    {
        const string alarm = "cw-actions";
        Succeeded(await fixture.Tools.AwsAsync(
            "cloudwatch", "put-metric-alarm", "--alarm-name", alarm, "--metric-name", "Invocation5XXErrors", "--namespace", "AWS/SageMaker",
            "--statistic", "Sum", "--period", "60", "--evaluation-periods", "3", "--datapoints-to-alarm", "2", "--threshold", "1",
            "--comparison-operator", "GreaterThanThreshold", "--unit", "Count", "--treat-missing-data", "notBreaching", "--no-actions-enabled",
            "--alarm-actions", "arn:aws:sns:us-east-1:000000000000:ops", "--ok-actions", "arn:aws:sns:us-east-1:000000000000:ok",
            "--tags", "Key=team,Value=ml"));

        var described = (await fixture.Tools.AwsAsync("cloudwatch", "describe-alarms", "--alarm-names", alarm)).Json().GetProperty("MetricAlarms")[0];

        Assert.Equal("arn:aws:sns:us-east-1:000000000000:ops", described.GetProperty("AlarmActions")[0].GetString());
        Assert.Equal("arn:aws:sns:us-east-1:000000000000:ok", described.GetProperty("OKActions")[0].GetString());
        Assert.Equal(0, described.GetProperty("InsufficientDataActions").GetArrayLength());
        Assert.False(described.GetProperty("ActionsEnabled").GetBoolean());
        Assert.Equal(("Count", 2, "notBreaching"), (described.GetProperty("Unit").GetString(), described.GetProperty("DatapointsToAlarm").GetInt32(), described.GetProperty("TreatMissingData").GetString()));
    }

    [Fact]
    public async Task ListTagsForResource_AwsCliPutWithTagsThenTagAndUntag_ReturnsTheTagsAfterBoth()
    {
        const string alarm = "cw-tags";
        const string arn = $"arn:aws:cloudwatch:us-east-1:000000000000:alarm:{alarm}";
        Succeeded(await fixture.Tools.AwsAsync("cloudwatch", "put-metric-alarm", "--alarm-name", alarm, "--evaluation-periods", "1", "--comparison-operator", "GreaterThanThreshold", "--tags", "Key=team,Value=ml", "Key=env,Value=dev"));
        Assert.Equal([("env", "dev"), ("team", "ml")], await TagsAsync(arn));

        Succeeded(await fixture.Tools.AwsAsync("cloudwatch", "tag-resource", "--resource-arn", arn, "--tags", "Key=env,Value=prod", "Key=owner,Value=me"));
        Succeeded(await fixture.Tools.AwsAsync("cloudwatch", "untag-resource", "--resource-arn", arn, "--tag-keys", "team"));

        Assert.Equal([("env", "prod"), ("owner", "me")], await TagsAsync(arn));
    }

    [Fact]
    public async Task ListTagsForResource_AwsCliOnAnUnknownAlarmArn_FailsWithResourceNotFoundException()
    {
        var result = await fixture.Tools.AwsAsync("cloudwatch", "list-tags-for-resource", "--resource-arn", "arn:aws:cloudwatch:us-east-1:000000000000:alarm:cw-never");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("(ResourceNotFoundException)", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutMetricAlarm_AwsCliWithSixAlarmActions_FailsWithInvalidParameterValue()
    {
        var actions = Enumerable.Range(1, 6).Select(i => $"arn:aws:sns:us-east-1:000000000000:t{i}");

        var result = await fixture.Tools.AwsAsync(["cloudwatch", "put-metric-alarm", "--alarm-name", "cw-six", "--evaluation-periods", "1", "--comparison-operator", "GreaterThanThreshold", "--alarm-actions", .. actions]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("(InvalidParameterValue)", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("AlarmActions", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void CloudWatchOperations_EveryServedOperation_IsInCloudWatchsApiModel()
    {
        var table = MlOps.Sdk.LocalWire.CloudWatch.CloudWatchOperations.Create(new MlOps.Sdk.Local.LocalCloudWatchAlarms(fixture.Home.Options));
        var modelOperations = BotocoreModel.CloudWatch.Operations.EnumerateObject().Select(o => o.Name).ToHashSet();

        Assert.Equal(7, table.OperationNames.Count);
        Assert.All(table.OperationNames, name => Assert.Contains(name, modelOperations));
    }

    private async Task<List<(string, string)>> TagsAsync(string arn)
    {
        var result = await fixture.Tools.AwsAsync("cloudwatch", "list-tags-for-resource", "--resource-arn", arn);
        Succeeded(result);
        return [.. result.Json().GetProperty("Tags").EnumerateArray().Select(t => (t.GetProperty("Key").GetString()!, t.GetProperty("Value").GetString()!))];
    }

    private static void Succeeded(ToolResult result) =>
        Assert.True(result.ExitCode == 0, $"exit code {result.ExitCode}\nstdout: {result.StandardOutput}\nstderr: {result.StandardError}");
}
