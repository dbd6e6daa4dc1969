using Microsoft.Extensions.Options;
using MlOps.Sdk.Cleanup;
using MlOps.Sdk.Endpoints;
using MlOps.Sdk.Local;
using MlOps.Sdk.Naming;
using MlOps.Sdk.Registry;
using MlOps.Sdk.SageMaker;
using MlOps.Sdk.Tests.Local;
using MlOps.Sdk.Training;
using MlOps.Sdk.Waiting;

namespace MlOps.Sdk.Tests.Layers;

/// <summary>The high-level layers driven through the local-mode adapters: the same code that runs against AWS.</summary>
public sealed class LayersOverLocalModeTests : IAsyncLifetime
{
    private static readonly WaiterOptions Waiter = WaiterOptions.Create(TimeSpan.FromMilliseconds(100), 900);
    private readonly LocalTestHome _home = new();
    private string _trainer = string.Empty;
    private string _server = string.Empty;

    public async Task InitializeAsync()
    {
        _trainer = await _home.RegisterTrainerAsync();
        _server = await _home.RegisterServerAsync();
    }

    public async Task DisposeAsync() => await _home.DisposeAsync();

    [Fact]
    public async Task TrainRegisterGateDeployTest_LocalMode_ServesTheApprovedModel()
    {
        var training = new TrainingClient(_home.Client, _home.Logs, Options.Create(new TrainingOptions { CompletionWaiter = Waiter }));
        var registry = new RegistryClient(_home.Client);
        var endpoints = EndpointsOver(_home.Client);
        var data = await _home.UploadTrainingDataAsync();

        var job = await (await training.StartTrainingJobAsync(Spec("layers-job-1", data))).WaitForCompletionAsync();
        var version = await registry.RegisterModelVersionAsync(new ModelVersionSpec { ModelPackageGroupName = "layers", TrainingJobName = job.Name, Image = _server });
        var decision = await registry.ApplyMetricGateAsync(version.Arn, new MetricGate { MetricName = "validation:accuracy", Threshold = 0.9 });
        var deployment = await endpoints.DeployAndTestAsync(
            new EndpointDeploymentSpec { EndpointName = "layers-candidate-mr1", ModelPackageArn = version.Arn, ExecutionRoleArn = LocalTestHome.RoleArn },
            EndpointTestPlan.FromJson("""
                {"contentType": "text/plain",
                 "samples": [{"name": "doubles", "body": "21", "expected": {"prediction": 42.0, "version": "v1"}}],
                 "latency": {"requests": 10}}
                """));

        Assert.Equal(0.93, job.FinalMetrics["validation:accuracy"]);
        Assert.True(decision.Approved, decision.Reason);
        Assert.Equal(version.Arn, (await registry.GetLatestApprovedVersionAsync("layers"))!.Arn);
        Assert.True(deployment.Succeeded, string.Join("; ", deployment.TestReport.Failures));
        Assert.Equal(10, deployment.TestReport.Latency!.Requests);
    }

    [Fact]
    public async Task DeployAsync_LocalNewFleetNeverHealthy_ThrowsEndpointRolledBack()
    {
        var model = await _home.UploadModelAsync("models/rollback/model.tar.gz", 2);
        var endpoints = EndpointsOver(_home.Client);
        var first = await (await endpoints.DeployAsync(ImageSpec("layers-prod", model.ToString()))).WaitForCompletionAsync();

        // Local fleets get 5 s to pass their first ping with this client; the new one never answers it.
        var impatient = EndpointsOver(_home.ImpatientClient);
        var update = await impatient.DeployAsync(ImageSpec("layers-prod", model.ToString()) with { Environment = new Dictionary<string, string> { ["SERVER_MODE"] = "noping" } });
        var error = await Assert.ThrowsAsync<EndpointRolledBackException>(() => update.WaitForCompletionAsync());

        Assert.Equal(first.EndpointConfigName, error.ActualEndpointConfigName);
    }

    [Fact]
    public async Task DeployAndTestAsync_LocalUpdateFailsItsTests_RollsBackToTheServingFleet()
    {
        var model = await _home.UploadModelAsync("models/bluegreen/model.tar.gz", 2);
        var endpoints = EndpointsOver(_home.Client);
        var blue = await (await endpoints.DeployAsync(ImageSpec("layers-bg", model.ToString()) with { Environment = new Dictionary<string, string> { ["VERSION"] = "blue" } })).WaitForCompletionAsync();
        var plan = EndpointTestPlan.FromJson("""
            {"contentType": "text/plain", "samples": [{"name": "blue answers", "body": "1", "expected": {"prediction": 2.0, "version": "blue"}}], "latency": {"requests": 0}}
            """);

        var result = await endpoints.DeployAndTestAsync(ImageSpec("layers-bg", model.ToString()) with { Environment = new Dictionary<string, string> { ["VERSION"] = "green" } }, plan);
        var answer = await endpoints.InvokeAsync("layers-bg", "1"u8.ToArray(), "text/plain");

        Assert.True(result.RolledBack);
        Assert.Equal(blue.EndpointConfigName, result.Endpoint.EndpointConfigName);
        Assert.Contains("\"blue\"", System.Text.Encoding.UTF8.GetString(answer.Body.Span), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RollbackAsync_LocalScaledEndpointUpdateFailsItsTests_KeepsCapacityScalingGuardrailsAndWhatServes()
    {
        const string name = "layers-guarded";
        const string alarm = "layers-guarded-5xx";
        var model = await _home.UploadModelAsync("models/guarded/model.tar.gz", 2);
        var endpoints = EndpointsOver(_home.Client);
        var scaling = new EndpointScalingClient(_home.Client, new LocalApplicationAutoScalingClient(_home.Options));
        EndpointDeploymentSpec Guarded(string version) => ImageSpec(name, model.ToString()) with
        {
            Environment = new Dictionary<string, string> { ["VERSION"] = version },
            Tags = [new ResourceTag(StandardTagKeys.Project, "layers"), new ResourceTag(StandardTagKeys.ReleaseKind, "stable")],
            TrafficRouting = EndpointTrafficRouting.Canary(50, TimeSpan.Zero),
            AutoRollbackAlarms = [alarm],
            KeepInstanceCountsOnUpdate = true,
        };
        var blue = await (await endpoints.DeployAsync(Guarded("blue"))).WaitForCompletionAsync();
        await scaling.ApplyAsync(name, new EndpointAutoScalingSpec { MinCapacity = 3, MaxCapacity = 5, TargetInvocationsPerInstance = 100 });
        await _home.WaitForEndpointAsync(name); // a minimum of 3 starts two more servers: Updating until they pass /ping
        var plan = EndpointTestPlan.FromJson("""
            {"contentType": "text/plain", "samples": [{"name": "blue answers", "body": "1", "expected": {"prediction": 2.0, "version": "blue"}}], "latency": {"requests": 0}}
            """);

        var result = await endpoints.DeployAndTestAsync(Guarded("green"), plan);
        var described = await _home.Client.DescribeEndpointAsync(new DescribeEndpointRequest { EndpointName = name });
        var policies = await ScalingPoliciesAsync(name);
        var tags = await TagsAsync(described.EndpointArn);

        var report = await new CleanupClient(_home.Client, _home.Tagging, _home.Store).RunAsync(new CleanupPolicy { Project = "layers", ProductionEndpointName = name, RetentionPeriod = TimeSpan.Zero, DryRun = false });
        var answer = await endpoints.InvokeAsync(name, "1"u8.ToArray(), "text/plain");

        Assert.True(result.RolledBack);
        Assert.Equal(blue.EndpointConfigName, described.EndpointConfigName);
        Assert.Equal(3, Assert.Single(described.ProductionVariants!).CurrentInstanceCount);
        Assert.Equal(EndpointScalingClient.PolicyName, Assert.Single(policies).PolicyName);
        Assert.Equal(alarm, Assert.Single(described.LastDeploymentConfig!.AutoRollbackConfiguration!.Alarms!).AlarmName);
        Assert.Equal(result.DeployedEndpointConfigName, tags.Single(t => t.Key == StandardTagKeys.PreviousEndpointConfig).Value);
        Assert.True(report.Succeeded, string.Join("; ", report.Steps.Select(s => s.Message)));
        Assert.DoesNotContain(report.Steps, s => s.Action.Name == name || s.Action.Name == blue.EndpointConfigName);
        Assert.Contains("\"blue\"", System.Text.Encoding.UTF8.GetString(answer.Body.Span), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeployAsync_LocalScaledEndpointAlarmTripsWhileGreenBakes_KeepsCapacityScalingGuardrailsAndWhatServes()
    {
        const string name = "layers-alarmed";
        const string alarm = "layers-alarmed-5xx";
        var model = await _home.UploadModelAsync("models/alarmed/model.tar.gz", 2);
        var endpoints = EndpointsOver(_home.Client);
        var scaling = new EndpointScalingClient(_home.Client, new LocalApplicationAutoScalingClient(_home.Options));
        var alarms = new LocalCloudWatchAlarms(_home.Options);
        EndpointDeploymentSpec Guarded(string version) => ImageSpec(name, model.ToString()) with
        {
            Environment = new Dictionary<string, string> { ["VERSION"] = version },
            Tags = [new ResourceTag(StandardTagKeys.Project, "layers"), new ResourceTag(StandardTagKeys.ReleaseKind, "stable")],
            TrafficRouting = EndpointTrafficRouting.Canary(50, TimeSpan.Zero),
            AutoRollbackAlarms = [alarm],
            TerminationWait = TimeSpan.FromMinutes(10),
            KeepInstanceCountsOnUpdate = true,
        };
        var blue = await (await endpoints.DeployAsync(Guarded("blue") with { TerminationWait = TimeSpan.Zero })).WaitForCompletionAsync();
        await scaling.ApplyAsync(name, new EndpointAutoScalingSpec { MinCapacity = 3, MaxCapacity = 5, TargetInvocationsPerInstance = 100 });
        await _home.WaitForEndpointAsync(name); // a minimum of 3 starts two more servers: Updating until they pass /ping
        await alarms.PutAlarmAsync(new LocalAlarmDefinition { AlarmName = alarm, Namespace = "AWS/SageMaker", MetricName = "Invocation5XXErrors" });
        var green = await endpoints.DeployAsync(Guarded("green"));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (!(await _home.InvokeAsync(name, "1")).Contains("\"green\"", StringComparison.Ordinal))
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(90), "green never took the traffic");
            await Task.Delay(100);
        }

        await alarms.SetAlarmStateAsync(alarm, LocalAlarmState.Alarm, "Threshold Crossed: 5xx above 1%");
        var rolledBack = await Assert.ThrowsAsync<EndpointRolledBackException>(() => green.WaitForCompletionAsync());
        var described = await _home.Client.DescribeEndpointAsync(new DescribeEndpointRequest { EndpointName = name });
        var policies = await ScalingPoliciesAsync(name);
        var tags = await TagsAsync(described.EndpointArn);

        var report = await new CleanupClient(_home.Client, _home.Tagging, _home.Store).RunAsync(new CleanupPolicy { Project = "layers", ProductionEndpointName = name, RetentionPeriod = TimeSpan.Zero, DryRun = false });
        var answer = await _home.InvokeAsync(name, "1");

        Assert.Equal(blue.EndpointConfigName, rolledBack.ActualEndpointConfigName);
        Assert.Equal(blue.EndpointConfigName, described.EndpointConfigName);
        Assert.Equal(3, Assert.Single(described.ProductionVariants!).CurrentInstanceCount);
        Assert.Equal(EndpointScalingClient.PolicyName, Assert.Single(policies).PolicyName);
        Assert.Equal(alarm, Assert.Single(described.LastDeploymentConfig!.AutoRollbackConfiguration!.Alarms!).AlarmName);
        Assert.Equal(blue.EndpointConfigName, tags.Single(t => t.Key == StandardTagKeys.PreviousEndpointConfig).Value);
        Assert.True(report.Succeeded, string.Join("; ", report.Steps.Select(s => s.Message)));
        Assert.DoesNotContain(report.Steps, s => s.Action.Name == name || s.Action.Name == blue.EndpointConfigName);
        Assert.Contains("\"blue\"", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeployAsync_LocalUpdateChangesTheInstanceType_RemovesTheReplacedVariantsScaling()
    {
        var model = await _home.UploadModelAsync("models/retype/model.tar.gz", 2);
        var autoScaling = new LocalApplicationAutoScalingClient(_home.Options);
        var scaling = new EndpointScalingClient(_home.Client, autoScaling);
        var endpoints = EndpointsOver(_home.Client, scaling);
        await (await endpoints.DeployAsync(ImageSpec("layers-retype", model.ToString()))).WaitForCompletionAsync();
        await scaling.ApplyAsync("layers-retype", new EndpointAutoScalingSpec { MinCapacity = 1, MaxCapacity = 2, TargetInvocationsPerInstance = 100 });

        await endpoints.DeployAsync(ImageSpec("layers-retype", model.ToString()) with { InstanceType = "ml.m5.xlarge" });

        Assert.Empty(await ScalableTargetsAsync(autoScaling, "layers-retype"));
    }

    [Fact]
    public async Task DeployAsync_LocalUpdateKeepsTheVariant_KeepsItsScaling()
    {
        var model = await _home.UploadModelAsync("models/same/model.tar.gz", 2);
        var autoScaling = new LocalApplicationAutoScalingClient(_home.Options);
        var scaling = new EndpointScalingClient(_home.Client, autoScaling);
        var endpoints = EndpointsOver(_home.Client, scaling);
        await (await endpoints.DeployAsync(ImageSpec("layers-same", model.ToString()))).WaitForCompletionAsync();
        await scaling.ApplyAsync("layers-same", new EndpointAutoScalingSpec { MinCapacity = 1, MaxCapacity = 2, TargetInvocationsPerInstance = 100 });

        await endpoints.DeployAsync(ImageSpec("layers-same", model.ToString()) with { Environment = new Dictionary<string, string> { ["VERSION"] = "green" } });

        Assert.Equal([EndpointScalingClient.VariantResourceId("layers-same", "AllTraffic")], await ScalableTargetsAsync(autoScaling, "layers-same"));
    }

    [Fact]
    public async Task DeleteEndpointAsync_LocalScaledEndpoint_RemovesItsScaling()
    {
        var model = await _home.UploadModelAsync("models/delete/model.tar.gz", 2);
        var autoScaling = new LocalApplicationAutoScalingClient(_home.Options);
        var scaling = new EndpointScalingClient(_home.Client, autoScaling);
        var endpoints = EndpointsOver(_home.Client, scaling);
        await (await endpoints.DeployAsync(ImageSpec("layers-gone", model.ToString()))).WaitForCompletionAsync();
        await scaling.ApplyAsync("layers-gone", new EndpointAutoScalingSpec { MinCapacity = 1, MaxCapacity = 2, TargetInvocationsPerInstance = 100 });

        await endpoints.DeleteEndpointAsync("layers-gone");

        Assert.Empty(await ScalableTargetsAsync(autoScaling, "layers-gone"));
    }

    private static async Task<List<string>> ScalableTargetsAsync(LocalApplicationAutoScalingClient autoScaling, string endpointName)
    {
        var targets = new List<string>();
        await foreach (var target in autoScaling.DescribeScalableTargetsAsync(new MlOps.Sdk.Scaling.DescribeScalableTargetsRequest { ServiceNamespace = "sagemaker" }))
        {
            if (target.ResourceId.StartsWith($"endpoint/{endpointName}/", StringComparison.Ordinal))
            {
                targets.Add(target.ResourceId);
            }
        }

        return targets;
    }

    [Fact]
    public async Task CleanupRunAsync_LocalModeOldCandidate_DeletesEndpointConfigAndModel()
    {
        var model = await _home.UploadModelAsync("models/cleanup/model.tar.gz", 2);
        var endpoints = EndpointsOver(_home.Client);
        var endpoint = await (await endpoints.DeployAsync(ImageSpec("layers-candidate-mr9", model.ToString()) with
        {
            Tags = [new ResourceTag(StandardTagKeys.Project, "layers"), new ResourceTag(StandardTagKeys.ReleaseKind, "candidate")],
        })).WaitForCompletionAsync();
        var cleanup = new CleanupClient(_home.Client, _home.Tagging, _home.Store);

        var report = await cleanup.RunAsync(new CleanupPolicy { Project = "layers", RetentionPeriod = TimeSpan.Zero, DryRun = false });

        Assert.True(report.Succeeded, string.Join("; ", report.Steps.Select(s => s.Message)));
        Assert.Equal(
            [CleanupResourceKind.Endpoint, CleanupResourceKind.EndpointConfig, CleanupResourceKind.Model],
            report.Steps.Select(s => s.Action.Kind));
        var after = await endpoints.GetEndpointAsync(endpoint.Name);
        Assert.True(after is null or { Status: EndpointStatus.Deleting }, $"endpoint is still {after?.Status}");
    }

    private EndpointClient EndpointsOver(ISageMakerClient client, EndpointScalingClient? scaling = null) =>
        new(client, _home.Runtime, Options.Create(new EndpointOptions { InServiceWaiter = Waiter, DeletedWaiter = Waiter }), scaling: scaling);

    private TrainingJobSpec Spec(string name, MlOps.Sdk.Storage.S3Uri data) => new()
    {
        TrainingJobName = name,
        Image = _trainer,
        RoleArn = LocalTestHome.RoleArn,
        OutputPath = $"s3://{LocalTestHome.Bucket}/output",
        Channels = [new TrainingChannel("train", data.ToString())],
        MetricDefinitions = new Dictionary<string, string> { ["validation:accuracy"] = "validation:accuracy=([0-9.]+)" },
        VolumeSizeInGB = 1,
    };

    private EndpointDeploymentSpec ImageSpec(string endpointName, string modelDataUrl) => new()
    {
        EndpointName = endpointName,
        Image = _server,
        ModelDataUrl = modelDataUrl,
        ExecutionRoleArn = LocalTestHome.RoleArn,
    };

    private async Task<List<MlOps.Sdk.Scaling.ScalingPolicy>> ScalingPoliciesAsync(string endpointName)
    {
        var policies = new List<MlOps.Sdk.Scaling.ScalingPolicy>();
        await foreach (var policy in new LocalApplicationAutoScalingClient(_home.Options).DescribeScalingPoliciesAsync(new MlOps.Sdk.Scaling.DescribeScalingPoliciesRequest { ServiceNamespace = "sagemaker", ResourceId = EndpointScalingClient.VariantResourceId(endpointName, "AllTraffic") }))
        {
            policies.Add(policy);
        }

        return policies;
    }

    private async Task<List<Tag>> TagsAsync(string arn)
    {
        var tags = new List<Tag>();
        await foreach (var tag in _home.Client.ListTagsAsync(new ListTagsRequest { ResourceArn = arn }))
        {
            tags.Add(tag);
        }

        return tags;
    }
}
