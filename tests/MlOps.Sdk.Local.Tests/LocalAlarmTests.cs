using System.Diagnostics;
using Microsoft.Extensions.Options;
using MlOps.Sdk.Endpoints;
using MlOps.Sdk.Local;
using MlOps.Sdk.SageMaker;
using MlOps.Sdk.Waiting;
using Xunit;

namespace MlOps.Sdk.Tests.Local;

/// <summary>
/// Local CloudWatch alarms: their state in the home's SQLite state, and the blue/green update that watches them while
/// the new fleet bakes and rolls back, as SageMaker's auto-rollback does.
/// </summary>
public sealed class LocalAlarmTests : IAsyncLifetime
{
    private const string Alarm = "alarm-prod-5xx";
    private static readonly WaiterOptions Waiter = WaiterOptions.Create(TimeSpan.FromMilliseconds(100), 900);
    private readonly LocalTestHome _home = new();
    private LocalCloudWatchAlarms _alarms = null!;
    private string _server = string.Empty;

    public async Task InitializeAsync()
    {
        _server = await _home.RegisterServerAsync();
        _alarms = new LocalCloudWatchAlarms(_home.Options);
    }

    public async Task DisposeAsync() => await _home.DisposeAsync();

    [Fact]
    public async Task DeployAsync_AlarmGoesToAlarmWhileTheNewFleetBakes_ThrowsRolledBackAndTheOldFleetServes()
    {
        const string name = "alarm-bake-trips";
        var endpoints = Endpoints();
        var blue = await (await endpoints.DeployAsync(await SpecAsync(name, "blue", TimeSpan.FromMinutes(10)))).WaitForCompletionAsync();
        await _alarms.PutAlarmAsync(new LocalAlarmDefinition { AlarmName = Alarm, Namespace = "AWS/SageMaker", MetricName = "Invocation5XXErrors" });
        var update = await endpoints.DeployAsync(await SpecAsync(name, "green", TimeSpan.FromMinutes(10)));
        await WaitUntilServedByAsync(name, "green");

        await _alarms.SetAlarmStateAsync(Alarm, LocalAlarmState.Alarm, "Threshold Crossed: 5xx above 1%");
        var rolledBack = await Assert.ThrowsAsync<EndpointRolledBackException>(() => update.WaitForCompletionAsync());

        var described = await _home.Client.DescribeEndpointAsync(new DescribeEndpointRequest { EndpointName = name });
        Assert.Equal(blue.EndpointConfigName, rolledBack.ActualEndpointConfigName);
        Assert.Equal(EndpointStatus.InService, described.EndpointStatus);
        Assert.Equal(blue.EndpointConfigName, described.EndpointConfigName);
        Assert.Contains(Alarm, described.FailureReason, StringComparison.Ordinal);
        Assert.Contains("Threshold Crossed", described.FailureReason, StringComparison.Ordinal);
        Assert.Contains("\"blue\"", await _home.InvokeAsync(name, "1"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeployAsync_AlarmStaysOkThroughTheBakingPeriod_CompletesOnTheNewConfig()
    {
        const string name = "alarm-bake-ok";
        var endpoints = Endpoints();
        await (await endpoints.DeployAsync(await SpecAsync(name, "blue", TimeSpan.FromSeconds(1)))).WaitForCompletionAsync();
        await _alarms.PutAlarmAsync(new LocalAlarmDefinition { AlarmName = Alarm });
        await _alarms.SetAlarmStateAsync(Alarm, LocalAlarmState.Ok, "Threshold not crossed");
        var update = await endpoints.DeployAsync(await SpecAsync(name, "green", TimeSpan.FromSeconds(1)));

        var green = await update.WaitForCompletionAsync();

        var described = await _home.Client.DescribeEndpointAsync(new DescribeEndpointRequest { EndpointName = name });
        Assert.Equal(update.TargetEndpointConfigName, green.EndpointConfigName);
        Assert.Null(described.FailureReason);
        Assert.Contains("\"green\"", await _home.InvokeAsync(name, "1"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DescribeEndpoint_AlarmTrippedAfterTheBakingPeriodEnded_StaysInServiceOnTheNewConfig()
    {
        const string name = "alarm-bake-over";
        var endpoints = Endpoints();
        await (await endpoints.DeployAsync(await SpecAsync(name, "blue", TimeSpan.Zero))).WaitForCompletionAsync();
        await _alarms.PutAlarmAsync(new LocalAlarmDefinition { AlarmName = Alarm });
        var green = await (await endpoints.DeployAsync(await SpecAsync(name, "green", TimeSpan.Zero))).WaitForCompletionAsync();

        await _alarms.SetAlarmStateAsync(Alarm, LocalAlarmState.Alarm, "Threshold Crossed");
        var described = await _home.Client.DescribeEndpointAsync(new DescribeEndpointRequest { EndpointName = name });

        Assert.Equal(EndpointStatus.InService, described.EndpointStatus);
        Assert.Equal(green.EndpointConfigName, described.EndpointConfigName);
        Assert.Null(described.FailureReason);
    }

    [Fact]
    public async Task SetAlarmStateAsync_ReadByAnotherClientOverTheSameHome_SeesTheStateAndReason()
    {
        await _alarms.PutAlarmAsync(new LocalAlarmDefinition { AlarmName = Alarm, Threshold = 1 });
        await _alarms.SetAlarmStateAsync(Alarm, LocalAlarmState.Alarm, "set by the first client", """{"by": "first"}""");

        var other = new LocalCloudWatchAlarms(Options.Create(new LocalOptions { Home = _home.Home }));
        var alarm = Assert.Single(await ToListAsync(other.DescribeAlarmsAsync([Alarm])));

        Assert.Equal(LocalAlarmState.Alarm, alarm.StateValue);
        Assert.Equal("set by the first client", alarm.StateReason);
        Assert.Equal(1, alarm.Definition.Threshold);
        Assert.Equal($"arn:aws:cloudwatch:us-east-1:000000000000:alarm:{Alarm}", alarm.AlarmArn);
    }

    [Fact]
    public async Task PutAlarmAsync_NewAlarm_IsInsufficientDataAsCloudWatchCreatesIt()
    {
        var alarm = await _alarms.PutAlarmAsync(new LocalAlarmDefinition { AlarmName = Alarm });

        Assert.Equal(LocalAlarmState.InsufficientData, alarm.StateValue);
        Assert.Equal(LocalCloudWatchAlarms.InitialStateReason, alarm.StateReason);
    }

    [Fact]
    public async Task SetAlarmStateAsync_AlarmNeverPut_ThrowsResourceNotFound()
    {
        var error = await Assert.ThrowsAsync<MlOpsException>(() => _alarms.SetAlarmStateAsync("alarm-missing", LocalAlarmState.Alarm, "test"));

        Assert.Equal(MlOpsErrorCodes.ResourceNotFound, error.ErrorCode);
        Assert.Equal(MlOpsErrorKind.NotFound, error.Kind);
    }

    [Fact]
    public async Task DescribeAlarmsAsync_NamesDifferingOnlyInCase_AreTwoAlarms()
    {
        await _alarms.PutAlarmAsync(new LocalAlarmDefinition { AlarmName = "Alarm-Case" });
        await _alarms.PutAlarmAsync(new LocalAlarmDefinition { AlarmName = "alarm-case" });
        await _alarms.SetAlarmStateAsync("alarm-case", LocalAlarmState.Alarm, "lower case only");

        var alarms = await ToListAsync(_alarms.DescribeAlarmsAsync());

        Assert.Equal(["Alarm-Case", "alarm-case"], alarms.Select(a => a.AlarmName));
        Assert.Equal(LocalAlarmState.InsufficientData, alarms[0].StateValue);
    }

    [Fact]
    public async Task DescribeAlarmsAsync_AlarmPutWithActionsAndSettings_ReturnsThemAsPut()
    {
        await _alarms.PutAlarmAsync(new LocalAlarmDefinition
        {
            AlarmName = Alarm,
            ActionsEnabled = false,
            AlarmActions = ["arn:aws:sns:us-east-1:000000000000:ops"],
            OkActions = ["arn:aws:sns:us-east-1:000000000000:ok"],
            Unit = "Count",
            DatapointsToAlarm = 2,
            EvaluationPeriods = 3,
            TreatMissingData = "notBreaching",
        });

        var definition = Assert.Single(await ToListAsync(_alarms.DescribeAlarmsAsync([Alarm]))).Definition;

        Assert.Equal(["arn:aws:sns:us-east-1:000000000000:ops"], definition.AlarmActions!);
        Assert.Equal(["arn:aws:sns:us-east-1:000000000000:ok"], definition.OkActions!);
        Assert.Equal((false, "Count", 2, "notBreaching"), (definition.ActionsEnabled, definition.Unit, definition.DatapointsToAlarm, definition.TreatMissingData));
    }

    [Fact]
    public async Task PutAlarmAsync_ExistingAlarmPutWithOtherTags_KeepsTheTagsItWasCreatedWith()
    {
        var arn = (await _alarms.PutAlarmAsync(new LocalAlarmDefinition { AlarmName = Alarm, Tags = new Dictionary<string, string> { ["team"] = "ml" } })).AlarmArn;
        await _alarms.PutAlarmAsync(new LocalAlarmDefinition { AlarmName = Alarm, Tags = new Dictionary<string, string> { ["team"] = "other", ["new"] = "x" } });

        var tags = await _alarms.ListTagsForResourceAsync(arn);

        Assert.Equal(new Dictionary<string, string> { ["team"] = "ml" }, tags);
    }

    [Fact]
    public async Task TagResourceAsync_ThenUntag_ReplacesAddsAndRemovesKeys()
    {
        var arn = (await _alarms.PutAlarmAsync(new LocalAlarmDefinition { AlarmName = Alarm, Tags = new Dictionary<string, string> { ["team"] = "ml", ["env"] = "dev" } })).AlarmArn;

        await _alarms.TagResourceAsync(arn, new Dictionary<string, string> { ["env"] = "prod", ["owner"] = "me" });
        await _alarms.UntagResourceAsync(arn, ["team", "absent"]);

        Assert.Equal(new Dictionary<string, string> { ["env"] = "prod", ["owner"] = "me" }, await _alarms.ListTagsForResourceAsync(arn));
    }

    [Fact]
    public async Task ListTagsForResourceAsync_UnknownAlarmArn_ThrowsResourceNotFoundException()
    {
        var error = await Assert.ThrowsAsync<MlOpsException>(() => _alarms.ListTagsForResourceAsync("arn:aws:cloudwatch:us-east-1:000000000000:alarm:alarm-missing"));

        Assert.Equal(MlOpsErrorCodes.ResourceNotFoundException, error.ErrorCode);
    }

    [Fact]
    public async Task PutAlarmAsync_SixAlarmActions_ThrowsValidationAndStoresNothing()
    {
        var actions = Enumerable.Range(1, 6).Select(i => $"arn:aws:sns:us-east-1:000000000000:t{i}").ToList();

        var error = await Assert.ThrowsAsync<MlOpsValidationException>(() => _alarms.PutAlarmAsync(new LocalAlarmDefinition { AlarmName = Alarm, AlarmActions = actions }));

        Assert.Equal("AlarmActions", error.FieldName);
        Assert.Empty(await ToListAsync(_alarms.DescribeAlarmsAsync()));
    }

    [Fact]
    public async Task TagResourceAsync_MoreThanFiftyTagsInAll_ThrowsValidationAndKeepsTheTags()
    {
        var arn = (await _alarms.PutAlarmAsync(new LocalAlarmDefinition { AlarmName = Alarm, Tags = Enumerable.Range(0, 30).ToDictionary(i => $"a{i}", _ => "v") })).AlarmArn;

        await Assert.ThrowsAsync<MlOpsValidationException>(() => _alarms.TagResourceAsync(arn, Enumerable.Range(0, 21).ToDictionary(i => $"b{i}", _ => "v")));

        Assert.Equal(30, (await _alarms.ListTagsForResourceAsync(arn)).Count);
    }

    [Fact]
    public async Task DescribeAlarmsAsync_RecordWrittenBeforeActionsAndTagsWereKept_ReadsWithNone()
    {
        const string oldRecord = """
            {"Alarm":{"Definition":{"AlarmName":"alarm-old","Threshold":1},"AlarmArn":"arn:aws:cloudwatch:us-east-1:000000000000:alarm:alarm-old","StateValue":"Ok","StateReason":"old","StateUpdatedTimestamp":"2026-12-01T10:00:00+00:00","StateTransitionedTimestamp":"2026-12-01T10:00:00+00:00","AlarmConfigurationUpdatedTimestamp":"2026-12-01T10:00:00+00:00"},"Transitions":[{"State":"Ok","At":"2026-12-01T10:00:00+00:00"}]}
            """;
        await _alarms.PutAlarmAsync(new LocalAlarmDefinition { AlarmName = "alarm-new" });
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_home.Home, "state.db")}"))
        {
            connection.Open();
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO alarms(name, doc) VALUES('alarm-old', $doc)";
            insert.Parameters.AddWithValue("$doc", oldRecord);
            insert.ExecuteNonQuery();
        }

        var alarm = Assert.Single(await ToListAsync(_alarms.DescribeAlarmsAsync(["alarm-old"])));

        Assert.Equal((LocalAlarmState.Ok, 1.0, 0), (alarm.StateValue, alarm.Definition.Threshold!.Value, alarm.Tags.Count));
        Assert.Null(alarm.Definition.AlarmActions);
        Assert.Empty(await _alarms.ListTagsForResourceAsync(alarm.AlarmArn));
    }

    [Fact]
    public void WasInAlarm_AlarmAndOkAgainInsideTheWindow_IsTrueWhenReadAfterIt()
    {
        var start = new DateTimeOffset(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);
        var record = new LocalAlarmRecord
        {
            Alarm = new LocalAlarm
            {
                Definition = new LocalAlarmDefinition { AlarmName = Alarm },
                AlarmArn = "arn",
                StateValue = LocalAlarmState.Ok,
                StateReason = "ok again",
                StateUpdatedTimestamp = start.AddSeconds(20),
                StateTransitionedTimestamp = start.AddSeconds(20),
                AlarmConfigurationUpdatedTimestamp = start,
            },
            Transitions = [new(LocalAlarmState.Ok, start), new(LocalAlarmState.Alarm, start.AddSeconds(10)), new(LocalAlarmState.Ok, start.AddSeconds(20))],
        };

        Assert.True(record.WasInAlarm(start.AddSeconds(5), start.AddSeconds(30)));
        Assert.False(record.WasInAlarm(start.AddSeconds(25), start.AddSeconds(30)));
    }

    private EndpointClient Endpoints() =>
        new(_home.Client, _home.Runtime, Options.Create(new EndpointOptions { InServiceWaiter = Waiter, DeletedWaiter = Waiter }));

    private async Task<EndpointDeploymentSpec> SpecAsync(string name, string version, TimeSpan terminationWait) => new()
    {
        EndpointName = name,
        Image = _server,
        ModelDataUrl = (await _home.UploadModelAsync($"models/{name}/{version}/model.tar.gz", 2)).ToString(),
        ExecutionRoleArn = LocalTestHome.RoleArn,
        Environment = new Dictionary<string, string> { ["VERSION"] = version },
        AutoRollbackAlarms = [Alarm],
        TerminationWait = terminationWait,
    };

    private async Task WaitUntilServedByAsync(string name, string version)
    {
        var watch = Stopwatch.StartNew();
        while (!(await _home.InvokeAsync(name, "1")).Contains($"\"{version}\"", StringComparison.Ordinal))
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(90), $"{name} never served {version}.");
            await Task.Delay(100);
        }
    }

    private static async Task<List<LocalAlarm>> ToListAsync(IAsyncEnumerable<LocalAlarm> alarms)
    {
        var list = new List<LocalAlarm>();
        await foreach (var alarm in alarms)
        {
            list.Add(alarm);
        }

        return list;
    }
}
