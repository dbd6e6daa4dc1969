using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MlOps.Sdk.Endpoints;
using MlOps.Sdk.Naming;
using MlOps.Sdk.SageMaker;
using MlOps.Sdk.Stages;
using MlOps.Sdk.Tests.Fakes;

namespace MlOps.Sdk.Tests.Stages;

/// <summary>
/// The test stage against a fake SageMaker when this pipeline's own deploy was started with <c>--wait false</c> and is
/// still in flight: v1's config answers the sample wrongly, v2's rightly, so the stage passes only when it tested v2.
/// </summary>
public sealed class EndpointTestStageTests : IDisposable
{
    private const string EndpointName = "churn-candidate-mr7";
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(30);
    private readonly FakeTimeProvider _time = FakeTime.Create();
    private readonly FakeSageMakerClient _sageMaker;
    private readonly FakeSageMakerRuntimeClient _runtime;
    private readonly EndpointClient _endpoints;
    private readonly string _folder = Directory.CreateTempSubdirectory("mlops-test-stage-").FullName;
    private readonly StringWriter _output = new();
    private string? _v1;

    public EndpointTestStageTests()
    {
        _sageMaker = new FakeSageMakerClient(_time);
        _runtime = new FakeSageMakerRuntimeClient(_sageMaker) { DefaultBehaviour = _ => """{"label": 0}""" };
        _endpoints = new EndpointClient(_sageMaker, _runtime, timeProvider: _time);
        File.WriteAllText(Path.Combine(_folder, "plan.json"), """{"samples": [{"name": "positive", "body": {"x": 1}, "expected": {"label": 1}}]}""");
    }

    public void Dispose()
    {
        _output.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task RunAsync_OwnUpdateStillInFlight_TestsTheNewConfig()
    {
        var v2 = await StartUpdateToV2Async();
        _runtime.Behaviours[v2] = _ => """{"label": 1}""";

        var exitCode = await _time.DriveAsync(RunStageAsync(v2), Delay);

        Assert.True(exitCode == StageExitCode.Success, _output.ToString());
    }

    [Fact]
    public async Task RunAsync_OwnUpdateStillInFlight_WaitsUntilItIsInServiceOnIt()
    {
        var v2 = await StartUpdateToV2Async();

        await _time.DriveAsync(RunStageAsync(v2), Delay);

        Assert.Contains($"✓ waiting for {EndpointName} to be InService on {v2} (its deploy is still Updating)", _output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_OwnCreationStillInFlight_TestsTheEndpointOnceInService()
    {
        _sageMaker.StepsPerTransition = 3;
        var creation = await _endpoints.DeployAsync(Spec("1"));
        _runtime.DefaultBehaviour = _ => """{"label": 1}""";

        var exitCode = await _time.DriveAsync(RunStageAsync(creation.TargetEndpointConfigName!), Delay);

        Assert.True(exitCode == StageExitCode.Success, _output.ToString());
    }

    [Fact]
    public async Task RunAsync_OwnUpdateRolledBackWhileWaiting_ThrowsRolledBackWithoutTesting()
    {
        var v2 = await StartUpdateToV2Async();
        _sageMaker.RolledBackEndpointConfigs.Add(v2);

        await Assert.ThrowsAsync<EndpointRolledBackException>(() => _time.DriveAsync(RunStageAsync(v2), Delay));

        Assert.Equal(0, _runtime.Invocations);
    }

    [Fact]
    public async Task RunAsync_OwnUpdateRolledBackWhileWaiting_ThrowsRolledBackEvenWithTheConfigToRollBackTo()
    {
        var v2 = await StartUpdateToV2Async();
        _sageMaker.RolledBackEndpointConfigs.Add(v2);

        var error = await Assert.ThrowsAsync<EndpointRolledBackException>(() => _time.DriveAsync(RunStageAsync(v2, rollbackTo: _v1), Delay));

        Assert.Equal(_v1, error.ActualEndpointConfigName);
    }

    [Fact]
    public async Task RunAsync_NewerDeployReplacedOwnBetweenTwoPolls_ThrowsSupersededWithoutTesting()
    {
        var v2 = await StartUpdateToV2Async();
        var v3 = await CopyConfigAsync(v2, "churn-newer-pipeline");
        // Another pipeline's UpdateEndpoint, the moment this one's deploy is in service and before the next poll.
        _sageMaker.BetweenEndpointPolls = endpoint =>
        {
            if (endpoint.EndpointStatus == EndpointStatus.InService && endpoint.EndpointConfigName == v2)
            {
                _sageMaker.BetweenEndpointPolls = null;
                _sageMaker.UpdateEndpointAsync(new UpdateEndpointRequest { EndpointName = EndpointName, EndpointConfigName = v3 }).GetAwaiter().GetResult();
            }
        };

        var error = await Assert.ThrowsAsync<EndpointSupersededException>(() => _time.DriveAsync(RunStageAsync(v2, rollbackTo: _v1), Delay));

        Assert.Equal(v3, error.ServedEndpointConfigName);
        Assert.Equal(0, _runtime.Invocations);
    }

    [Fact]
    public async Task RunAsync_OwnCreationFailsWhileWaiting_ThrowsEndpointFailed()
    {
        _sageMaker.StepsPerTransition = 3;
        var spec = Spec("1");
        var creation = await _endpoints.DeployAsync(spec);
        _sageMaker.FailingEndpointConfigs[creation.TargetEndpointConfigName!] = "The primary container failed the ping health check.";

        var error = await Assert.ThrowsAsync<MlOpsException>(() => _time.DriveAsync(RunStageAsync(creation.TargetEndpointConfigName!), Delay));

        Assert.Equal(EndpointDeploymentOperation.EndpointFailedErrorCode, error.ErrorCode);
    }

    [Fact]
    public async Task RunAsync_EndpointAlreadyInServiceOnItsConfig_DoesNotWait()
    {
        var v1 = await _time.DriveAsync(DeployAndWaitAsync("1"), Delay);

        await _time.DriveAsync(RunStageAsync(v1), Delay);

        Assert.DoesNotContain("waiting for", _output.ToString(), StringComparison.Ordinal);
    }

    // The endpoint serves v1 and this pipeline's deploy of v2 was started without waiting: it is Updating, v2 pending.
    private async Task<string> StartUpdateToV2Async()
    {
        _v1 = await _time.DriveAsync(DeployAndWaitAsync("1"), Delay);
        _sageMaker.StepsPerTransition = 3;
        var update = await _endpoints.DeployAsync(Spec("2"));
        return update.TargetEndpointConfigName!;
    }

    private async Task<string> CopyConfigAsync(string config, string name)
    {
        var original = await _sageMaker.DescribeEndpointConfigAsync(new DescribeEndpointConfigRequest { EndpointConfigName = config });
        await _sageMaker.CreateEndpointConfigAsync(new CreateEndpointConfigRequest { EndpointConfigName = name, ProductionVariants = original.ProductionVariants });
        return name;
    }

    private async Task<string> DeployAndWaitAsync(string modelVersion)
    {
        var operation = await _endpoints.DeployAsync(Spec(modelVersion));
        return (await operation.WaitForCompletionAsync()).EndpointConfigName!;
    }

    private static EndpointDeploymentSpec Spec(string modelVersion) => new()
    {
        EndpointName = EndpointName,
        Image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/churn:1",
        ModelDataUrl = $"s3://mlops-artifacts/churn/job-{modelVersion}/model.tar.gz",
        Tags = [new ResourceTag("Project", "churn"), new ResourceTag("ReleaseKind", "candidate")],
    };

    private async Task<int> RunStageAsync(string deployedConfig, string? rollbackTo = null)
    {
        var variables = new Dictionary<string, string>
        {
            ["CI_PIPELINE_SOURCE"] = "merge_request_event",
            ["CI_MERGE_REQUEST_IID"] = "7",
            ["CI_COMMIT_SHA"] = "0123456789abcdef0123456789abcdef01234567",
            ["CI_COMMIT_SHORT_SHA"] = "01234567",
        };
        Func<string, string?> getVariable = name => variables.GetValueOrDefault(name);
        var stage = new EndpointTestStage();
        string[] args =
        [
            "--project-path", _folder,
            "--project", "churn",
            "--endpoint", EndpointName,
            "--endpoint-config", deployedConfig,
            "--test-data", Path.Combine(_folder, "plan.json"),
            .. rollbackTo is null ? Array.Empty<string>() : ["--rollback-to", rollbackTo],
        ];
        var arguments = StageArguments.Parse(args, [.. CommonStageOptions.All, .. stage.Options], getVariable, new Dictionary<string, string>());
        var handoff = await StageHandoff.OpenAsync(Path.Combine(_folder, "mlops.env"), Path.Combine(_folder, "state.json"));
        var services = new ServiceCollection().AddSingleton(_endpoints).BuildServiceProvider();
        var context = new StageContext(
            ProjectManifest.Parse("{}"),
            arguments,
            GitLabCiContext.FromVariables(getVariable),
            new StageConsole(_output, interactive: false, _time),
            handoff,
            services,
            MlOpsMode.Aws,
            _time,
            getVariable);
        return await stage.RunAsync(context);
    }
}
