using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MlOps.Sdk.Naming;
using MlOps.Sdk.Endpoints;
using MlOps.Sdk.SageMaker;
using MlOps.Sdk.Training;
using MlOps.Sdk.Tests.Fakes;
using MlOps.Sdk.Waiting;
using MlOps.Sdk.Tests.Fixtures;

namespace MlOps.Sdk.Tests.Endpoints;

public sealed class EndpointClientTests
{
    private const string Endpoint = "churn-prod";
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(30);
    private readonly FakeTimeProvider _time = FakeTime.Create();
    private readonly FakeSageMakerClient _sageMaker;
    private readonly FakeSageMakerRuntimeClient _runtime;
    private readonly EndpointClient _client;

    public EndpointClientTests()
    {
        _sageMaker = new FakeSageMakerClient(_time);
        _runtime = new FakeSageMakerRuntimeClient(_sageMaker);
        _client = NewClient();
    }

    private static EndpointDeploymentSpec Spec(string modelVersion = "1") => new()
    {
        EndpointName = Endpoint,
        Image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/churn:1",
        ModelDataUrl = $"s3://mlops-artifacts/churn/models/job-{modelVersion}/output/model.tar.gz",
    };

    [Fact]
    public async Task DeployAsync_NewEndpoint_CreatesModelConfigAndEndpoint()
    {
        var operation = await _client.DeployAsync(Spec());

        var endpoint = await _time.DriveAsync(operation.WaitForCompletionAsync(), Delay);

        Assert.Equal(EndpointStatus.InService, endpoint.Status);
        Assert.Equal(operation.TargetEndpointConfigName, endpoint.EndpointConfigName);
        Assert.Equal(["CreateModel", "CreateEndpointConfig", "CreateEndpoint"], _sageMaker.Calls.Where(c => c.StartsWith("Create", StringComparison.Ordinal)));
        Assert.False(operation.IsUpdate);
    }

    [Fact]
    public async Task DeployAsync_ModelPackage_CreatesModelFromThePackage()
    {
        var packageArn = await RegisterPackageAsync();

        await _client.DeployAsync(new EndpointDeploymentSpec { EndpointName = Endpoint, ModelPackageArn = packageArn });

        var model = Assert.Single(await _sageMaker.ListModelsAsync(new ListModelsRequest()).ToListAsync());
        var description = await _sageMaker.DescribeModelAsync(new DescribeModelRequest { ModelName = model.ModelName });
        Assert.Equal(packageArn, description.PrimaryContainer!.ModelPackageName);
    }

    [Fact]
    public async Task DeployAsync_SameSpecTwice_ReusesTheContentHashedConfig()
    {
        var first = await _client.DeployAsync(Spec());
        await _time.DriveAsync(first.WaitForCompletionAsync(), Delay);

        var second = await _client.DeployAsync(Spec());

        Assert.Equal(first.TargetEndpointConfigName, second.TargetEndpointConfigName);
        Assert.Equal(0, _sageMaker.Count("UpdateEndpoint"));
        Assert.Single(await _sageMaker.ListEndpointConfigsAsync(new ListEndpointConfigsRequest()).ToListAsync());
    }

    [Fact]
    public async Task DeployAsync_ChangedModel_GetsANewConfigName()
    {
        var first = await _client.DeployAsync(Spec("1"));
        await _time.DriveAsync(first.WaitForCompletionAsync(), Delay);

        var second = await _client.DeployAsync(Spec("2"));

        Assert.NotEqual(first.TargetEndpointConfigName, second.TargetEndpointConfigName);
    }

    [Fact]
    public async Task DeployAsync_ExistingEndpoint_UpdatesBlueGreenWithRoutingAndAlarms()
    {
        await DeployAndWaitAsync(Spec("1"));

        var operation = await _client.DeployAsync(Spec("2") with
        {
            TrafficRouting = EndpointTrafficRouting.Canary(10, TimeSpan.FromMinutes(5)),
            AutoRollbackAlarms = ["churn-5xx"],
        });

        var policy = _sageMaker.LastUpdateEndpointRequest!.DeploymentConfig!;
        Assert.True(operation.IsUpdate);
        Assert.Equal(TrafficRoutingConfigType.Canary, policy.BlueGreenUpdatePolicy!.TrafficRoutingConfiguration.Type);
        Assert.Equal(10, policy.BlueGreenUpdatePolicy.TrafficRoutingConfiguration.CanarySize!.Value);
        Assert.Equal(300, policy.BlueGreenUpdatePolicy.TrafficRoutingConfiguration.WaitIntervalInSeconds);
        Assert.Equal("churn-5xx", Assert.Single(policy.AutoRollbackConfiguration!.Alarms!).AlarmName);
    }

    [Fact]
    public async Task DeployAsync_ExistingEndpoint_RemembersThePreviousConfigOnTheEndpoint()
    {
        var first = await DeployAndWaitAsync(Spec("1"));

        await _client.DeployAsync(Spec("2"));

        var tags = _sageMaker.TagsOf(FakeSageMakerClient.Arn("endpoint", Endpoint));
        Assert.Contains(tags, t => t.Key == StandardTagKeys.PreviousEndpointConfig && t.Value == first.EndpointConfigName);
    }

    [Fact]
    public async Task WaitForCompletionAsync_UpdateSilentlyRolledBack_ThrowsEndpointRolledBack()
    {
        var first = await DeployAndWaitAsync(Spec("1"));
        var operation = await _client.DeployAsync(Spec("2"));
        _sageMaker.RolledBackEndpointConfigs.Add(operation.TargetEndpointConfigName!);

        var error = await Assert.ThrowsAsync<EndpointRolledBackException>(() => _time.DriveAsync(operation.WaitForCompletionAsync(), Delay));

        Assert.Equal(operation.TargetEndpointConfigName, error.ExpectedEndpointConfigName);
        Assert.Equal(first.EndpointConfigName, error.ActualEndpointConfigName);
        Assert.Equal(EndpointRolledBackException.RolledBackErrorCode, error.ErrorCode);
    }

    [Fact]
    public async Task WaitForCompletionAsync_EndpointFailsWhileCreating_ThrowsWithFailureReason()
    {
        var operation = await _client.DeployAsync(Spec());
        _sageMaker.FailingEndpointConfigs[operation.TargetEndpointConfigName!] = "The primary container did not pass the ping health check.";

        var error = await Assert.ThrowsAsync<MlOpsException>(() => _time.DriveAsync(operation.WaitForCompletionAsync(), Delay));

        Assert.Equal(EndpointDeploymentOperation.EndpointFailedErrorCode, error.ErrorCode);
        Assert.Contains("ping health check", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WaitForCompletionAsync_WithProgress_ReportsCreatingThenInService()
    {
        var operation = await _client.DeployAsync(Spec());
        var seen = new List<EndpointStatus>();

        await _time.DriveAsync(operation.WaitForCompletionAsync(new SynchronousProgress<EndpointDeploymentProgress>(p => seen.Add(p.Status))), Delay);

        Assert.Equal([EndpointStatus.Creating, EndpointStatus.InService], seen);
    }

    [Fact]
    public async Task DeployAsync_FailedEndpoint_DeletesAndCreatesItAgain()
    {
        var operation = await _client.DeployAsync(Spec("1"));
        _sageMaker.FailingEndpointConfigs[operation.TargetEndpointConfigName!] = "boom";
        await Assert.ThrowsAsync<MlOpsException>(() => _time.DriveAsync(operation.WaitForCompletionAsync(), Delay));

        var retry = await _time.DriveAsync(_client.DeployAsync(Spec("2")), Delay);
        var endpoint = await _time.DriveAsync(retry.WaitForCompletionAsync(), Delay);

        Assert.Equal(EndpointStatus.InService, endpoint.Status);
        Assert.Equal(1, _sageMaker.Count("DeleteEndpoint"));
    }

    [Fact]
    public async Task DeployAsync_EndpointBeingUpdated_ThrowsEndpointBusy()
    {
        await DeployAndWaitAsync(Spec("1"));
        await _client.DeployAsync(Spec("2"));

        var error = await Assert.ThrowsAsync<MlOpsException>(() => _client.DeployAsync(Spec("3")));

        Assert.Equal(EndpointClient.EndpointBusyErrorCode, error.ErrorCode);
    }

    [Fact]
    public async Task DeployAsync_RetriedWhileItsOwnUpdateIsPending_SendsNoSecondUpdate()
    {
        await DeployAndWaitAsync(Spec("1"));
        _sageMaker.StepsPerTransition = 3;
        await _client.DeployAsync(Spec("2"));

        await _client.DeployAsync(Spec("2"));

        Assert.Equal(1, _sageMaker.Count("UpdateEndpoint"));
    }

    [Fact]
    public async Task DeployAsync_RetriedWhileItsOwnUpdateIsPending_WaitsUntilThatUpdateIsInService()
    {
        await DeployAndWaitAsync(Spec("1"));
        _sageMaker.StepsPerTransition = 3;
        var first = await _client.DeployAsync(Spec("2"));
        var retry = await _client.DeployAsync(Spec("2"));

        var endpoint = await _time.DriveAsync(retry.WaitForCompletionAsync(), Delay);

        Assert.Equal((EndpointStatus.InService, first.TargetEndpointConfigName), (endpoint.Status, endpoint.EndpointConfigName));
    }

    [Fact]
    public async Task DeployAsync_RetriedWhileItsOwnUpdateIsPending_KeepsTheServedConfigAsRollbackTarget()
    {
        var previous = await DeployAndWaitAsync(Spec("1"));
        _sageMaker.StepsPerTransition = 3;
        var first = await _client.DeployAsync(Spec("2"));

        var retry = await _client.DeployAsync(Spec("2"));

        Assert.Equal((first.TargetEndpointConfigName, previous.EndpointConfigName), (retry.TargetEndpointConfigName, retry.PreviousEndpointConfigName));
    }

    [Fact]
    public async Task DeployAsync_BothPackageAndImage_ThrowsBeforeAnyCall()
    {
        var spec = Spec() with { ModelPackageArn = "arn:aws:sagemaker:us-east-1:123456789012:model-package/churn/1" };

        await Assert.ThrowsAsync<MlOpsValidationException>(() => _client.DeployAsync(spec));

        Assert.Empty(_sageMaker.Calls);
    }

    [Fact]
    public async Task DeployAsync_MalformedInstanceType_ThrowsNamingInstanceType()
    {
        var error = await Assert.ThrowsAsync<MlOpsValidationException>(() => _client.DeployAsync(Spec() with { InstanceType = "large" }));

        Assert.Equal("InstanceType", error.FieldName);
        Assert.Empty(_sageMaker.Calls);
    }

    [Fact]
    public async Task DeployAsync_ModelDataUrlWithoutBucket_ThrowsNamingIt()
    {
        var error = await Assert.ThrowsAsync<MlOpsValidationException>(() => _client.DeployAsync(Spec() with { ModelDataUrl = "s3://" }));

        Assert.Equal("ModelDataUrl", error.FieldName);
        Assert.Empty(_sageMaker.Calls);
    }

    [Fact]
    public async Task InvokeAsync_InServiceEndpoint_ReturnsTheModelsAnswer()
    {
        await DeployAndWaitAsync(Spec());
        _runtime.DefaultBehaviour = _ => """{"churn":true}""";

        var response = await _client.InvokeAsync(Endpoint, Encoding.UTF8.GetBytes("""{"tenure":3}"""));

        Assert.Equal("""{"churn":true}""", Encoding.UTF8.GetString(response.Body.Span));
    }

    [Fact]
    public async Task GetServedVariantsAsync_DeployedFromPackage_NamesThePackageVersionAndInstances()
    {
        var packageArn = await RegisterPackageAsync();
        await DeployAndWaitAsync(new EndpointDeploymentSpec { EndpointName = Endpoint, ModelPackageArn = packageArn, InstanceType = "ml.c5.xlarge", InstanceCount = 2 });

        var served = Assert.Single(await _client.GetServedVariantsAsync(Endpoint));

        Assert.Equal(packageArn, served.ModelPackageArn);
        Assert.Equal("ml.c5.xlarge", served.InstanceType);
        Assert.Equal(2, served.InstanceCount);
    }

    [Fact]
    public async Task GetServedVariantsAsync_DeployedFromImageAndModelData_NamesTheModelData()
    {
        await DeployAndWaitAsync(Spec("7"));

        var served = Assert.Single(await _client.GetServedVariantsAsync(Endpoint));

        Assert.Equal(Spec("7").ModelDataUrl, served.ModelDataUrl);
        Assert.Null(served.ModelPackageArn);
    }

    [Fact]
    public async Task GetServedVariantsAsync_MissingEndpoint_ReturnsNone()
    {
        Assert.Empty(await _client.GetServedVariantsAsync("churn-missing"));
    }

    [Fact]
    public async Task CompareLatencyAsync_TwoEndpoints_SendsEachCaseToEachInTurn()
    {
        var production = await DeployAndWaitAsync(Spec());
        var candidate = await DeployAndWaitAsync(Spec("2") with { EndpointName = "churn-candidate-mr7" });
        var order = new List<string>();
        _runtime.Behaviours[production.EndpointConfigName!] = _ => { order.Add(Endpoint); return "{}"; };
        _runtime.Behaviours[candidate.EndpointConfigName!] = _ => { order.Add("churn-candidate-mr7"); return "{}"; };
        var cases = new[] { new EndpointTestCase { Name = "a", Body = "{}" } };

        var compared = await _client.CompareLatencyAsync(["churn-candidate-mr7", Endpoint], cases, 3);

        Assert.Equal(["churn-candidate-mr7", Endpoint, "churn-candidate-mr7", Endpoint, "churn-candidate-mr7", Endpoint], order);
        var only = Assert.Single(compared);
        Assert.Equal(3, only.ByEndpoint[Endpoint].Requests);
        Assert.Equal(0, only.ByEndpoint["churn-candidate-mr7"].Failures);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1001)]
    public async Task CompareLatencyAsync_RepeatsOutOfRange_ThrowsBeforeAnyCall(int repeats)
    {
        var error = await Assert.ThrowsAsync<MlOpsValidationException>(() => _client.CompareLatencyAsync([Endpoint], [new EndpointTestCase { Name = "a", Body = "{}" }], repeats));

        Assert.Contains("repeats", error.Message, StringComparison.Ordinal);
        Assert.Empty(_sageMaker.Calls);
    }

    [Fact]
    public async Task TestEndpointAsync_AnswersMeetExpectations_Passes()
    {
        await DeployAndWaitAsync(Spec());
        _runtime.DefaultBehaviour = _ => """{"churn":true,"probability":0.82}""";

        var report = await _client.TestEndpointAsync(Endpoint, Plan());

        Assert.True(report.Passed, string.Join("; ", report.Failures));
        Assert.Equal(5, report.Latency!.Requests);
    }

    [Fact]
    public async Task TestEndpointAsync_AnswerBreaksSchema_FailsNamingThePath()
    {
        await DeployAndWaitAsync(Spec());
        _runtime.DefaultBehaviour = _ => """{"churn":true,"probability":1.7}""";

        var report = await _client.TestEndpointAsync(Endpoint, Plan());

        Assert.False(report.Passed);
        Assert.Contains("$.probability", Assert.Single(report.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TestEndpointAsync_ModelError_RecordsTheErrorCode()
    {
        await DeployAndWaitAsync(Spec());
        _runtime.DefaultBehaviour = _ => throw new InvalidOperationException("bad features");

        var report = await _client.TestEndpointAsync(Endpoint, Plan());

        Assert.Equal("ModelError", report.Health!.ErrorCode);
        Assert.Equal(5, report.Latency!.Failures);
    }

    [Fact]
    public async Task DeployAndTestAsync_TestsFailAfterUpdate_RollsBackToPreviousConfig()
    {
        var first = await DeployAndWaitAsync(Spec("1"));
        _runtime.Behaviours[first.EndpointConfigName!] = _ => """{"churn":true,"probability":0.82}""";
        _runtime.DefaultBehaviour = _ => """{"oops":1}""";

        var result = await _time.DriveAsync(_client.DeployAndTestAsync(Spec("2"), Plan()), Delay);

        Assert.True(result.RolledBack);
        Assert.False(result.Succeeded);
        Assert.Equal(first.EndpointConfigName, result.Endpoint.EndpointConfigName);
        Assert.Equal(first.EndpointConfigName, _sageMaker.ServedConfig(Endpoint));
    }

    [Fact]
    public async Task DeployAndTestAsync_TestsPass_KeepsTheNewConfig()
    {
        await DeployAndWaitAsync(Spec("1"));
        _runtime.DefaultBehaviour = _ => """{"churn":false,"probability":0.1}""";

        var result = await _time.DriveAsync(_client.DeployAndTestAsync(Spec("2"), Plan()), Delay);

        Assert.True(result.Succeeded);
        Assert.Equal(result.DeployedEndpointConfigName, _sageMaker.ServedConfig(Endpoint));
    }

    [Fact]
    public async Task RollbackAsync_FromAnotherClient_UsesTheRememberedPreviousConfig()
    {
        var first = await DeployAndWaitAsync(Spec("1"));
        await DeployAndWaitAsync(Spec("2"));

        var operation = await NewClient().RollbackAsync(Endpoint);
        var endpoint = await _time.DriveAsync(operation.WaitForCompletionAsync(), Delay);

        Assert.Equal(first.EndpointConfigName, endpoint.EndpointConfigName);
    }

    [Fact]
    public async Task RollbackAsync_AfterGuardedUpdate_KeepsDeploymentConfigAndVariantProperties()
    {
        await DeployAndWaitAsync(Spec("1"));
        await DeployAndWaitAsync(Spec("2") with { AutoRollbackAlarms = ["churn-5xx"], TrafficRouting = EndpointTrafficRouting.Canary(25, TimeSpan.FromMinutes(5)) });

        await _client.RollbackAsync(Endpoint);

        var rollback = _sageMaker.LastUpdateEndpointRequest!;
        Assert.True(rollback.RetainAllVariantProperties);
        Assert.Equal("churn-5xx", Assert.Single(rollback.DeploymentConfig!.AutoRollbackConfiguration!.Alarms!).AlarmName);
        Assert.Equal(25, rollback.DeploymentConfig.BlueGreenUpdatePolicy!.TrafficRoutingConfiguration.CanarySize!.Value);
    }

    [Fact]
    public async Task RollbackAsync_RememberedTarget_RecordsTheConfigRolledBackFrom()
    {
        await DeployAndWaitAsync(Spec("1"));
        var second = await DeployAndWaitAsync(Spec("2"));

        await _client.RollbackAsync(Endpoint);

        var tags = new List<Tag>();
        await foreach (var tag in _sageMaker.ListTagsAsync(new ListTagsRequest { ResourceArn = FakeSageMakerClient.Arn("endpoint", Endpoint) }))
        {
            tags.Add(tag);
        }

        Assert.Equal(second.EndpointConfigName, tags.Single(t => t.Key == StandardTagKeys.PreviousEndpointConfig).Value);
    }

    [Fact]
    public async Task TestEndpointAsync_PlanOfTheLayersDoc_PassesOnAnAnswerWithAProbability()
    {
        await DeployAndWaitAsync(Spec("1"));
        _runtime.DefaultBehaviour = _ => """{"churn":false,"probability":0.2}""";

        var report = await _client.TestEndpointAsync(Endpoint, EndpointTestPlan.FromJson(LayersDocTestPlan()));

        Assert.True(report.Passed, string.Join("; ", report.Failures));
        Assert.Equal(2, report.Samples.Count);
        Assert.Equal(50, report.Latency!.Requests);
    }

    [Fact]
    public async Task TestEndpointAsync_ExpectedAnswerDiffersInANamedProperty_Fails()
    {
        await DeployAndWaitAsync(Spec("1"));
        _runtime.DefaultBehaviour = _ => """{"churn":true,"probability":0.8}""";

        var report = await _client.TestEndpointAsync(Endpoint, EndpointTestPlan.FromJson(LayersDocTestPlan()));

        Assert.Contains(report.Failures, f => f.Contains("$.churn", StringComparison.Ordinal));
    }

    // The JSON test plan shown in docs/layers.md, read from the file, so the documented example is the tested one.
    private static string LayersDocTestPlan()
    {
        var text = File.ReadAllText(RepositoryRoot.Combine("docs", "layers.md"));
        var start = text.IndexOf("```json\n{\n  \"contentType\"", StringComparison.Ordinal);
        Assert.True(start >= 0, "docs/layers.md no longer holds the JSON test plan example");
        start += "```json\n".Length;
        return text[start..text.IndexOf("```", start, StringComparison.Ordinal)];
    }

    [Fact]
    public async Task RollbackAsync_NoPreviousConfig_ThrowsNoRollbackTarget()
    {
        await DeployAndWaitAsync(Spec("1"));

        var error = await Assert.ThrowsAsync<MlOpsException>(() => _client.RollbackAsync(Endpoint));

        Assert.Equal(EndpointClient.NoRollbackTargetErrorCode, error.ErrorCode);
    }

    [Fact]
    public async Task GetDeploymentOperation_FromAnotherClient_WaitsForTheSameDeployment()
    {
        var started = await _client.DeployAsync(Spec());

        var endpoint = await _time.DriveAsync(NewClient().GetDeploymentOperation(Endpoint, started.TargetEndpointConfigName).WaitForCompletionAsync(), Delay);

        Assert.Equal(started.TargetEndpointConfigName, endpoint.EndpointConfigName);
    }

    [Fact]
    public async Task RehydrateDeploymentOperation_TokenOfABlueGreenUpdate_KeepsTargetAndRollbackConfig()
    {
        var first = await DeployAndWaitAsync(Spec("1"));
        var update = await _client.DeployAsync(Spec("2"));

        var resumed = NewClient().RehydrateDeploymentOperation(update.RehydrationToken);

        Assert.Equal(Endpoint, resumed.Id);
        Assert.Equal(update.TargetEndpointConfigName, resumed.TargetEndpointConfigName);
        Assert.Equal(first.EndpointConfigName, resumed.PreviousEndpointConfigName);
        Assert.True(resumed.IsUpdate);
    }

    [Fact]
    public async Task RehydrateDeploymentOperation_InAnotherClient_WaitsUntilInServiceOnTheTarget()
    {
        var started = await _client.DeployAsync(Spec());

        var resumed = NewClient().RehydrateDeploymentOperation(started.RehydrationToken);
        var endpoint = await _time.DriveAsync(resumed.WaitForCompletionAsync(CancellationToken.None), Delay);

        Assert.Equal(started.TargetEndpointConfigName, endpoint.EndpointConfigName);
        Assert.True(resumed.HasValue);
    }

    [Fact]
    public void RehydrateDeploymentOperation_TrainingJobToken_RefusedNamingTheToken()
    {
        var trainingToken = new OperationToken(TrainingJobOperation.TokenKind, "churn-train-1").Encode();

        var error = Assert.Throws<MlOpsValidationException>(() => _client.RehydrateDeploymentOperation(trainingToken));

        Assert.Equal("rehydrationToken", error.FieldName);
        Assert.Empty(_sageMaker.Calls);
    }

    [Fact]
    public async Task DeleteEndpointAsync_DeployedEndpoint_DeletesEndpointConfigAndModel()
    {
        var endpoint = await DeployAndWaitAsync(Spec());

        Assert.True(await _client.DeleteEndpointAsync(Endpoint));

        Assert.False(_sageMaker.Exists("endpoint-config", endpoint.EndpointConfigName!));
        Assert.Empty(await _sageMaker.ListModelsAsync(new ListModelsRequest()).ToListAsync());
    }

    [Fact]
    public async Task DeleteEndpointAsync_MissingEndpoint_ReturnsFalse()
    {
        Assert.False(await _client.DeleteEndpointAsync("nothing-here"));
    }

    [Fact]
    public void WaiterDefaults_AwsMode_AreBotocoreEndpointWaiters()
    {
        Assert.Equal((TimeSpan.FromSeconds(30), 120), (WaiterDefaults.EndpointInService(MlOpsMode.Aws).Delay, WaiterDefaults.EndpointInService(MlOpsMode.Aws).MaxAttempts));
        Assert.Equal((TimeSpan.FromSeconds(30), 60), (WaiterDefaults.EndpointDeleted(MlOpsMode.Aws).Delay, WaiterDefaults.EndpointDeleted(MlOpsMode.Aws).MaxAttempts));
    }

    [Fact]
    public async Task EnsureNotSupersededAsync_EndpointServesTheDeployedConfig_ReturnsTheEndpoint()
    {
        var deployed = await DeployAndWaitAsync(Spec("1"));

        var endpoint = await _client.EnsureNotSupersededAsync(Endpoint, deployed.EndpointConfigName!);

        Assert.Equal(deployed.EndpointConfigName, endpoint!.EndpointConfigName);
    }

    [Fact]
    public async Task EnsureNotSupersededAsync_NewerDeploymentServes_ThrowsSupersededNamingBothConfigs()
    {
        var mine = await DeployAndWaitAsync(Spec("1"));
        var newer = await DeployAndWaitAsync(Spec("2"));

        var error = await Assert.ThrowsAsync<EndpointSupersededException>(() => _client.EnsureNotSupersededAsync(Endpoint, mine.EndpointConfigName!));

        Assert.Equal((EndpointSupersededException.SupersededErrorCode, mine.EndpointConfigName, newer.EndpointConfigName), (error.ErrorCode, error.ExpectedEndpointConfigName, error.ServedEndpointConfigName));
        Assert.Contains($"Endpoint '{Endpoint}' serves config '{newer.EndpointConfigName}', not '{mine.EndpointConfigName}' that this pipeline deployed: a newer pipeline has deployed it since", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnsureNotSupersededAsync_NewerDeployInProgress_ThrowsSupersededNamingThePendingConfig()
    {
        var mine = await DeployAndWaitAsync(Spec("1"));
        var newer = await _client.DeployAsync(Spec("2"));

        var error = await Assert.ThrowsAsync<EndpointSupersededException>(() => _client.EnsureNotSupersededAsync(Endpoint, mine.EndpointConfigName!));

        Assert.Equal((EndpointSupersededException.SupersededErrorCode, mine.EndpointConfigName, newer.TargetEndpointConfigName), (error.ErrorCode, error.ServedEndpointConfigName, error.PendingEndpointConfigName));
        Assert.Contains($"Endpoint '{Endpoint}' is being deployed with config '{newer.TargetEndpointConfigName}' (it serves '{mine.EndpointConfigName}' until that deployment ends), not '{mine.EndpointConfigName}' that this pipeline deployed: a newer deploy is in progress", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnsureNotSupersededAsync_OwnDeployInProgress_ReturnsTheEndpointWithItsPendingDeployment()
    {
        var previous = await DeployAndWaitAsync(Spec("1"));
        var mine = await _client.DeployAsync(Spec("2"));

        var endpoint = await _client.EnsureNotSupersededAsync(Endpoint, mine.TargetEndpointConfigName!);

        Assert.Equal((previous.EndpointConfigName, mine.TargetEndpointConfigName), (endpoint!.EndpointConfigName, endpoint.PendingDeployment?.EndpointConfigName));
    }

    [Fact]
    public async Task RollbackAsync_FromConfigNoLongerServed_ThrowsSupersededAndLeavesTheNewerDeployment()
    {
        var before = await DeployAndWaitAsync(Spec("1"));
        var mine = await DeployAndWaitAsync(Spec("2"));
        var newer = await DeployAndWaitAsync(Spec("3"));
        var updates = _sageMaker.Count("UpdateEndpoint");

        await Assert.ThrowsAsync<EndpointSupersededException>(() => _client.RollbackAsync(Endpoint, before.EndpointConfigName, mine.EndpointConfigName));

        Assert.Equal(updates, _sageMaker.Count("UpdateEndpoint"));
        Assert.Equal(newer.EndpointConfigName, _sageMaker.ServedConfig(Endpoint));
    }

    [Fact]
    public async Task RollbackAsync_FromConfigStillServed_RollsBack()
    {
        var before = await DeployAndWaitAsync(Spec("1"));
        var mine = await DeployAndWaitAsync(Spec("2"));

        var operation = await _client.RollbackAsync(Endpoint, before.EndpointConfigName, mine.EndpointConfigName);
        var endpoint = await _time.DriveAsync(operation.WaitForCompletionAsync(), Delay);

        Assert.Equal(before.EndpointConfigName, endpoint.EndpointConfigName);
    }

    [Fact]
    public async Task DeployAsync_NewerPipelineDeployedLast_ThrowsSupersededAndChangesNothing()
    {
        await DeployAndWaitAsync(Spec("1") with { Tags = [new(StandardTagKeys.Pipeline, "100")] });
        var newer = await DeployAndWaitAsync(Spec("2") with { Tags = [new(StandardTagKeys.Pipeline, "102")] });
        var updates = _sageMaker.Count("UpdateEndpoint");

        var error = await Assert.ThrowsAsync<EndpointSupersededException>(() => _client.DeployAsync(Spec("3") with { Tags = [new(StandardTagKeys.Pipeline, "101")] }));

        Assert.Equal(("102", "101", newer.EndpointConfigName), (error.NewerPipelineId, error.PipelineId, error.ServedEndpointConfigName));
        Assert.Contains("was last deployed by pipeline 102", error.Message, StringComparison.Ordinal);
        Assert.Equal(updates, _sageMaker.Count("UpdateEndpoint"));
        Assert.Equal(newer.EndpointConfigName, _sageMaker.ServedConfig(Endpoint));
    }

    [Fact]
    public async Task DeployAsync_Update_RecordsTheDeployingPipelineOnTheEndpoint()
    {
        await DeployAndWaitAsync(Spec("1") with { Tags = [new(StandardTagKeys.Pipeline, "100")] });

        await DeployAndWaitAsync(Spec("2") with { Tags = [new(StandardTagKeys.Pipeline, "101")] });

        Assert.Equal("101", (await EndpointTagsAsync()).Single(t => t.Key == StandardTagKeys.Pipeline).Value);
    }

    [Fact]
    public async Task DeployAsync_NewerPipelineDeployedLastAndOutdatedAllowed_Updates()
    {
        await DeployAndWaitAsync(Spec("1") with { Tags = [new(StandardTagKeys.Pipeline, "102")] });

        var rollback = await DeployAndWaitAsync(Spec("2") with { Tags = [new(StandardTagKeys.Pipeline, "101")], AllowOutdatedDeployment = true });

        Assert.Equal(rollback.EndpointConfigName, _sageMaker.ServedConfig(Endpoint));
    }

    private async Task<List<Tag>> EndpointTagsAsync()
    {
        var tags = new List<Tag>();
        await foreach (var tag in _sageMaker.ListTagsAsync(new ListTagsRequest { ResourceArn = FakeSageMakerClient.Arn("endpoint", Endpoint) }))
        {
            tags.Add(tag);
        }

        return tags;
    }

    private static EndpointTestPlan Plan() => EndpointTestPlan.FromJson("""
        {
          "health": { "body": { "tenure": 3 } },
          "samples": [
            {
              "name": "short tenure",
              "body": { "tenure": 1 },
              "schema": {
                "type": "object",
                "required": ["churn", "probability"],
                "properties": { "churn": { "type": "boolean" }, "probability": { "type": "number", "minimum": 0, "maximum": 1 } }
              }
            }
          ],
          "latency": { "requests": 5 }
        }
        """);

    private async Task<DeployedEndpoint> DeployAndWaitAsync(EndpointDeploymentSpec spec)
    {
        var operation = await _client.DeployAsync(spec);
        return await _time.DriveAsync(operation.WaitForCompletionAsync(), Delay);
    }

    private async Task<string> RegisterPackageAsync()
    {
        await _sageMaker.CreateModelPackageGroupAsync(new CreateModelPackageGroupRequest { ModelPackageGroupName = "churn" });
        var created = await _sageMaker.CreateModelPackageAsync(new CreateModelPackageRequest
        {
            ModelPackageGroupName = "churn",
            InferenceSpecification = new InferenceSpecification
            {
                Containers = [new ModelPackageContainerDefinition { Image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/churn:1", ModelDataUrl = "s3://mlops-artifacts/model.tar.gz" }],
            },
        });
        return created.ModelPackageArn;
    }

    private EndpointClient NewClient() =>
        new(_sageMaker, _runtime, Options.Create(new EndpointOptions { InServiceWaiter = WaiterOptions.Create(Delay, 120), DeletedWaiter = WaiterOptions.Create(Delay, 60) }), _time);
}
