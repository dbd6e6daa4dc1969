using System.Diagnostics;
using MlOps.Sdk.SageMaker;

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

    private static void Succeeded(ToolResult result) =>
        Assert.True(result.ExitCode == 0, $"exit code {result.ExitCode}\nstdout: {result.StandardOutput}\nstderr: {result.StandardError}");
}
