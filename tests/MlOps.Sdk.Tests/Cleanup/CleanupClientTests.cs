using Microsoft.Extensions.Time.Testing;
using MlOps.Sdk.Cleanup;
using MlOps.Sdk.Endpoints;
using MlOps.Sdk.Naming;
using MlOps.Sdk.SageMaker;
using MlOps.Sdk.Tests.Fakes;

namespace MlOps.Sdk.Tests.Cleanup;

public sealed class CleanupClientTests : IDisposable
{
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Old = TimeSpan.FromDays(10);
    private readonly FakeTimeProvider _time = FakeTime.Create();
    private readonly FakeSageMakerClient _sageMaker;
    private readonly FakeResourceTaggingClient _tagging;
    private readonly FakeArtifactStore _store = new();
    private readonly EndpointClient _endpoints;
    private readonly CleanupClient _cleanup;
    private readonly string _releases = Directory.CreateTempSubdirectory("mlops-cleanup-").FullName;

    public CleanupClientTests()
    {
        _sageMaker = new FakeSageMakerClient(_time);
        _endpoints = new EndpointClient(_sageMaker, new FakeSageMakerRuntimeClient(_sageMaker), timeProvider: _time);
        _tagging = new FakeResourceTaggingClient(_sageMaker);
        _cleanup = new CleanupClient(_sageMaker, _tagging, _store, _time);
    }

    public void Dispose() => Directory.Delete(_releases, recursive: true);

    [Fact]
    public async Task PlanAsync_OldCandidateEndpoint_PlansEndpointThenConfigThenModel()
    {
        var endpoint = await DeployAsync("churn-candidate-mr7", "candidate", "1");
        _time.Advance(Old);

        var plan = await _cleanup.PlanAsync(Policy());

        Assert.Equal(
            [(CleanupResourceKind.Endpoint, "churn-candidate-mr7"), (CleanupResourceKind.EndpointConfig, endpoint.EndpointConfigName!), (CleanupResourceKind.Model, ModelOf(endpoint))],
            plan.Actions.Select(a => (a.Kind, a.Name)));
    }

    [Fact]
    public async Task PlanAsync_CandidateChangedWithinRetention_KeepsIt()
    {
        await DeployAsync("churn-candidate-mr7", "candidate", "1");
        _time.Advance(TimeSpan.FromDays(2));

        var plan = await _cleanup.PlanAsync(Policy());

        Assert.Empty(plan.Actions);
        Assert.Contains(plan.Protected, p => p.Name == "churn-candidate-mr7");
    }

    [Fact]
    public async Task PlanAsync_ProductionEndpoint_KeepsItItsConfigAndItsRollbackTarget()
    {
        var v1 = await DeployAsync("churn-prod", "stable", "1");
        var v2 = await DeployAsync("churn-prod", "stable", "2");
        _time.Advance(Old);

        var plan = await _cleanup.PlanAsync(Policy() with { ProductionEndpointName = "churn-prod" });

        Assert.Empty(plan.Actions);
        Assert.Contains(plan.Protected, p => p.Kind == CleanupResourceKind.Endpoint && p.Name == "churn-prod");
        Assert.Contains(plan.Protected, p => p.Kind == CleanupResourceKind.EndpointConfig && p.Name == v2.EndpointConfigName);
        Assert.Contains(plan.Protected, p => p.Kind == CleanupResourceKind.EndpointConfig && p.Name == v1.EndpointConfigName);
    }

    [Fact]
    public async Task PlanAsync_OldConfigNoEndpointServes_PlansItAndItsModel()
    {
        var v1 = await DeployAsync("churn-prod", "stable", "1");
        await DeployAsync("churn-prod", "stable", "2");
        await DeployAsync("churn-prod", "stable", "3");
        _time.Advance(Old);

        var plan = await _cleanup.PlanAsync(Policy() with { ProductionEndpointName = "churn-prod" });

        Assert.Equal(
            [(CleanupResourceKind.EndpointConfig, v1.EndpointConfigName!), (CleanupResourceKind.Model, ModelOf(v1))],
            plan.Actions.Select(a => (a.Kind, a.Name)));
    }

    [Fact]
    public async Task PlanAsync_OldConfigBeingDeployedToAnEndpoint_KeepsIt()
    {
        var redeployed = await RedeployOldConfigWithoutWaitingAsync("churn-stable");

        var plan = await _cleanup.PlanAsync(Policy());

        Assert.DoesNotContain(plan.Actions, a => a.Kind == CleanupResourceKind.EndpointConfig && a.Name == redeployed.EndpointConfigName);
    }

    [Fact]
    public async Task PlanAsync_OldConfigBeingDeployedToAnEndpoint_KeepsItsModel()
    {
        var redeployed = await RedeployOldConfigWithoutWaitingAsync("churn-stable");

        var plan = await _cleanup.PlanAsync(Policy());

        Assert.DoesNotContain(plan.Actions, a => a.Kind == CleanupResourceKind.Model && a.Name == ModelOf(redeployed));
    }

    [Fact]
    public async Task PlanAsync_OldConfigBeingDeployedToProduction_ProtectsItAsBeingDeployed()
    {
        var redeployed = await RedeployOldConfigWithoutWaitingAsync("churn-prod");

        var plan = await _cleanup.PlanAsync(Policy() with { ProductionEndpointName = "churn-prod" });

        Assert.Contains(plan.Protected, p => p.Kind == CleanupResourceKind.EndpointConfig && p.Name == redeployed.EndpointConfigName && p.Reason == "being deployed to the production endpoint");
    }

    [Fact]
    public async Task PlanAsync_ConfigBeingDeployedMissingFromTagSearch_KeepsItsModel()
    {
        var redeployed = await RedeployOldConfigWithoutWaitingAsync("churn-stable");
        _tagging.NotYetIndexed.Add(FakeSageMakerClient.Arn("endpoint-config", redeployed.EndpointConfigName!));

        var plan = await _cleanup.PlanAsync(Policy());

        Assert.DoesNotContain(plan.Actions, a => a.Kind == CleanupResourceKind.Model && a.Name == ModelOf(redeployed));
    }

    [Fact]
    public async Task PlanAsync_OldCandidateBeingUpdated_KeepsItAsADeployInFlight()
    {
        var v2 = await StartCandidateUpdateThenAgeAsync("churn-candidate-mr7");

        var plan = await _cleanup.PlanAsync(Policy());

        Assert.Contains(plan.Protected, p => p.Kind == CleanupResourceKind.Endpoint && p.Name == "churn-candidate-mr7" && p.Reason == $"a deploy to it is in flight (Updating, deploying config {v2})");
    }

    [Fact]
    public async Task PlanAsync_OldCandidateBeingUpdated_PlansNothingOfIt()
    {
        await StartCandidateUpdateThenAgeAsync("churn-candidate-mr7");

        var plan = await _cleanup.PlanAsync(Policy());

        Assert.Empty(plan.Actions);
    }

    [Fact]
    public async Task PlanAsync_OldCandidateBeingUpdated_ProtectsTheConfigBeingDeployed()
    {
        var v2 = await StartCandidateUpdateThenAgeAsync("churn-candidate-mr7");

        var plan = await _cleanup.PlanAsync(Policy());

        Assert.Contains(plan.Protected, p => p.Kind == CleanupResourceKind.EndpointConfig && p.Name == v2 && p.Reason == "being deployed to endpoint churn-candidate-mr7");
    }

    [Fact]
    public async Task PlanAsync_OldCandidateBeingCreated_KeepsItAsADeployInFlight()
    {
        _sageMaker.StepsPerTransition = 100;
        await _endpoints.DeployAsync(Spec("churn-candidate-mr7", "candidate", "1", "churn"));
        _time.Advance(Old);

        var plan = await _cleanup.PlanAsync(Policy());

        Assert.Contains(plan.Protected, p => p.Kind == CleanupResourceKind.Endpoint && p.Name == "churn-candidate-mr7" && p.Reason.StartsWith("a deploy to it is in flight (Creating", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(EndpointStatus.SystemUpdating)]
    [InlineData(EndpointStatus.RollingBack)]
    public async Task PlanAsync_OldCandidateSageMakerIsChanging_KeepsIt(EndpointStatus status)
    {
        _sageMaker.SeedEndpoint("churn-candidate-mr7", "churn-candidate-mr7-cfg", status, [.. ManagedTags(), new Tag { Key = "ReleaseKind", Value = "candidate" }]);
        _time.Advance(Old);

        var plan = await _cleanup.PlanAsync(Policy());

        Assert.DoesNotContain(plan.Actions, a => a.Name == "churn-candidate-mr7");
        Assert.Contains(plan.Protected, p => p.Name == "churn-candidate-mr7" && p.Reason == $"SageMaker is changing it ({status})");
    }

    [Fact]
    public async Task RunAsync_OldCandidateBeingUpdated_DeletesNothingAndReportsItKept()
    {
        await StartCandidateUpdateThenAgeAsync("churn-candidate-mr7");

        var report = await _cleanup.RunAsync(Policy() with { DryRun = false });

        Assert.True(_sageMaker.EndpointExists("churn-candidate-mr7"));
        Assert.Contains(report.Plan.Protected, p => p.Name == "churn-candidate-mr7" && p.Reason.StartsWith("a deploy to it is in flight", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PlanAsync_EndpointNotCreatedBySdk_LeavesItAlone()
    {
        _sageMaker.SeedEndpoint("someone-elses", "their-config", tags: [new Tag { Key = "ReleaseKind", Value = "candidate" }]);
        _time.Advance(Old);

        var plan = await _cleanup.PlanAsync(Policy());

        Assert.Empty(plan.Actions);
    }

    [Fact]
    public async Task PlanAsync_OtherProjectsCandidate_LeavesItAlone()
    {
        await DeployAsync("fraud-candidate-mr2", "candidate", "1", project: "fraud");
        _time.Advance(Old);

        var plan = await _cleanup.PlanAsync(Policy());

        Assert.Empty(plan.Actions);
    }

    [Fact]
    public async Task PlanAsync_ModelPackages_KeepsNewestApprovedAndPlansOldOthers()
    {
        var arns = new List<string>();
        await _sageMaker.CreateModelPackageGroupAsync(new CreateModelPackageGroupRequest { ModelPackageGroupName = "churn", Tags = ManagedTags() });
        foreach (var status in new[] { ModelApprovalStatus.Approved, ModelApprovalStatus.Rejected, ModelApprovalStatus.Approved, ModelApprovalStatus.Approved })
        {
            arns.Add((await _sageMaker.CreateModelPackageAsync(new CreateModelPackageRequest
            {
                ModelPackageGroupName = "churn",
                ModelApprovalStatus = status,
                InferenceSpecification = new InferenceSpecification { Containers = [new ModelPackageContainerDefinition { Image = "img:1" }] },
            })).ModelPackageArn);
        }

        _time.Advance(Old);

        var plan = await _cleanup.PlanAsync(Policy() with { ModelPackageGroupName = "churn", KeepApprovedVersions = 2 });

        Assert.Equal([arns[0], arns[1]], plan.Actions.Select(a => a.Name));
        Assert.Equal(2, plan.Protected.Count(p => p.Kind == CleanupResourceKind.ModelPackage));
    }

    [Fact]
    public async Task PlanAsync_GroupNotTaggedAsTheProjects_LeavesItsVersionsAlone()
    {
        await _sageMaker.CreateModelPackageGroupAsync(new CreateModelPackageGroupRequest { ModelPackageGroupName = "churn", Tags = ManagedTags("fraud") });
        await _sageMaker.CreateModelPackageAsync(new CreateModelPackageRequest
        {
            ModelPackageGroupName = "churn",
            ModelApprovalStatus = ModelApprovalStatus.Rejected,
            InferenceSpecification = new InferenceSpecification { Containers = [new ModelPackageContainerDefinition { Image = "img:1" }] },
        });
        _time.Advance(Old);

        var plan = await _cleanup.PlanAsync(Policy() with { ModelPackageGroupName = "churn" });

        Assert.Empty(plan.Actions);
        Assert.Contains(plan.Protected, p => p.Name == "churn" && p.Reason.Contains("not tagged", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PlanAsync_EndpointMissingFromTagSearch_KeepsIt()
    {
        await DeployAsync("churn-candidate-mr7", "candidate", "1");
        _tagging.NotYetIndexed.Add(FakeSageMakerClient.Arn("endpoint", "churn-candidate-mr7"));
        _time.Advance(Old);

        var plan = await _cleanup.PlanAsync(Policy());

        Assert.DoesNotContain(plan.Actions, a => a.Kind == CleanupResourceKind.Endpoint);
    }

    [Fact]
    public async Task PlanAsync_ProjectEndpointWithoutProjectInItsName_PlansItAndItsConfig()
    {
        var endpoint = await DeployAsync("api-candidate-mr3", "candidate", "1");
        _time.Advance(Old);

        var plan = await _cleanup.PlanAsync(Policy());

        Assert.Contains(plan.Actions, a => a.Kind == CleanupResourceKind.Endpoint && a.Name == "api-candidate-mr3");
        Assert.Contains(plan.Actions, a => a.Kind == CleanupResourceKind.EndpointConfig && a.Name == endpoint.EndpointConfigName);
    }

    [Fact]
    public async Task PlanAsync_ProjectConfigServedByEndpointWithoutProjectInItsName_KeepsItAndItsModel()
    {
        var endpoint = await DeployAsync("api-stable", "stable", "1");
        _time.Advance(Old);

        var plan = await _cleanup.PlanAsync(Policy());

        Assert.Empty(plan.Actions);
        Assert.Contains(plan.Protected, p => p.Name == "api-stable");
        Assert.True(_sageMaker.Exists("endpoint-config", endpoint.EndpointConfigName!));
    }

    [Fact]
    public async Task PlanAsync_ManyOldCandidates_ReadsNoTagsPerResource()
    {
        for (var i = 1; i <= 5; i++)
        {
            await DeployAsync($"churn-candidate-mr{i}", "candidate", i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        _time.Advance(Old);

        var plan = await _cleanup.PlanAsync(Policy() with { ProductionEndpointName = "churn-prod" });

        Assert.Equal(15, plan.Actions.Count);
        Assert.Equal(0, _sageMaker.Count("ListTags"));
        Assert.Equal(4, _tagging.Calls.Count(c => c == "GetResources"));
    }

    [Fact]
    public async Task PlanAsync_ConfigTagSearchFails_DeletesTheEndpointButKeepsConfigsAndModels()
    {
        await DeployAsync("churn-candidate-mr7", "candidate", "1");
        _tagging.FailingResourceTypes.Add("sagemaker:endpoint-config");
        _time.Advance(Old);

        var plan = await _cleanup.PlanAsync(Policy());

        Assert.Equal([(CleanupResourceKind.Endpoint, "churn-candidate-mr7")], plan.Actions.Select(a => (a.Kind, a.Name)));
        Assert.Contains(plan.Protected, p => p.Kind == CleanupResourceKind.Model && p.Reason.Contains("sagemaker:endpoint-config failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PlanAsync_ReleaseFolder_PlansOldZipsAndKeepsNewestStable()
    {
        var stableOld = Touch("stable-20261101T100000Z.zip");
        var stableNewest = Touch("stable-20261105T100000Z.zip");
        var candidateOld = Touch("candidate-PR-7-0123abcd-20261102T100000Z.zip");
        var candidateRecent = Touch("candidate-PR-8-0123abcd-20261126T100000Z.zip");
        Touch("notes.zip");

        var plan = await _cleanup.PlanAsync(Policy() with { ReleaseLocations = [_releases] });

        Assert.Equal([stableOld, candidateOld], plan.Actions.Select(a => a.Name));
        Assert.Contains(plan.Protected, p => p.Name == stableNewest);
        Assert.DoesNotContain(plan.Actions, a => a.Name == candidateRecent);
    }

    [Fact]
    public async Task PlanAsync_ReleasePrefix_PlansOldObjects()
    {
        _store.Put("s3://mlops-releases/churn/candidate-PR-7-0123abcd-20261102T100000Z.zip", _time.GetUtcNow());
        _store.Put("s3://mlops-releases/churn/stable-20261105T100000Z.zip", _time.GetUtcNow());

        var plan = await _cleanup.PlanAsync(Policy() with { ReleaseLocations = ["s3://mlops-releases/churn/"] });

        Assert.Equal("s3://mlops-releases/churn/candidate-PR-7-0123abcd-20261102T100000Z.zip", Assert.Single(plan.Actions).Name);
    }

    [Fact]
    public async Task RunAsync_DefaultPolicy_IsADryRunThatDeletesNothing()
    {
        await DeployAsync("churn-candidate-mr7", "candidate", "1");
        _time.Advance(Old);

        var report = await _cleanup.RunAsync(new CleanupPolicy { Project = "churn" });

        Assert.True(report.DryRun);
        Assert.All(report.Steps, s => Assert.Equal(CleanupOutcome.Skipped, s.Outcome));
        Assert.True(_sageMaker.EndpointExists("churn-candidate-mr7"));
        Assert.Equal(0, _sageMaker.Calls.Count(c => c.StartsWith("Delete", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task RunAsync_NotDryRun_DeletesEachPlannedResource()
    {
        var endpoint = await DeployAsync("churn-candidate-mr7", "candidate", "1");
        var model = ModelOf(endpoint);
        var zip = Touch("candidate-PR-7-0123abcd-20261102T100000Z.zip");
        _time.Advance(Old);

        var report = await _cleanup.RunAsync(Policy() with { DryRun = false, ReleaseLocations = [_releases] });

        Assert.All(report.Steps, s => Assert.Equal(CleanupOutcome.Deleted, s.Outcome));
        Assert.False(_sageMaker.Exists("endpoint-config", endpoint.EndpointConfigName!));
        Assert.False(_sageMaker.Exists("model", model));
        Assert.False(File.Exists(zip));
    }

    [Fact]
    public async Task ExecuteAsync_ResourcesAlreadyGone_ReportsAlreadyGoneNotFailure()
    {
        await DeployAsync("churn-candidate-mr7", "candidate", "1");
        _time.Advance(Old);
        var plan = await _cleanup.PlanAsync(Policy());
        await _cleanup.ExecuteAsync(plan);

        var second = await _cleanup.ExecuteAsync(plan);

        Assert.True(second.Succeeded);
        Assert.All(second.Steps.Where(s => s.Action.Kind != CleanupResourceKind.Endpoint), s => Assert.Equal(CleanupOutcome.AlreadyGone, s.Outcome));
    }

    [Fact]
    public async Task ExecuteAsync_WithProgress_ReportsEveryStep()
    {
        await DeployAsync("churn-candidate-mr7", "candidate", "1");
        _time.Advance(Old);
        var plan = await _cleanup.PlanAsync(Policy());
        var reported = new List<CleanupStepResult>();

        await _cleanup.ExecuteAsync(plan, new SynchronousProgress<CleanupStepResult>(reported.Add));

        Assert.Equal(plan.Actions, reported.Select(r => r.Action));
    }

    [Fact]
    public async Task PlanAsync_NegativeRetention_ThrowsNamingIt()
    {
        var error = await Assert.ThrowsAsync<MlOpsValidationException>(() => _cleanup.PlanAsync(Policy() with { RetentionPeriod = TimeSpan.FromDays(-1) }));

        Assert.Equal("RetentionPeriod", error.FieldName);
    }

    private static CleanupPolicy Policy() => new() { Project = "churn", RetentionPeriod = TimeSpan.FromDays(7) };

    private static List<Tag> ManagedTags(string project = "churn") =>
        [new Tag { Key = "ManagedBy", Value = "MlOps.Sdk" }, new Tag { Key = "Project", Value = project }];

    private async Task<DeployedEndpoint> DeployAsync(string endpointName, string releaseKind, string modelVersion, string project = "churn")
    {
        var operation = await _endpoints.DeployAsync(Spec(endpointName, releaseKind, modelVersion, project));
        return await _time.DriveAsync(operation.WaitForCompletionAsync(), Delay);
    }

    private static EndpointDeploymentSpec Spec(string endpointName, string releaseKind, string modelVersion, string project) => new()
    {
        EndpointName = endpointName,
        Image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/churn:1",
        ModelDataUrl = $"s3://mlops-artifacts/{project}/job-{modelVersion}/model.tar.gz",
        Tags = [new ResourceTag("Project", project), new ResourceTag("ReleaseKind", releaseKind)],
    };

    // A stable endpoint moved from v1 to v2, then, past the retention period, back to v1's config (reused, so old) by a
    // deploy still in flight: the endpoint serves v2 while v1 is pending.
    private async Task<DeployedEndpoint> RedeployOldConfigWithoutWaitingAsync(string endpointName)
    {
        var v1 = await DeployAsync(endpointName, "stable", "1");
        await DeployAsync(endpointName, "stable", "2");
        _time.Advance(Old);
        _sageMaker.StepsPerTransition = 100;
        await _endpoints.DeployAsync(Spec(endpointName, "stable", "1", "churn"));
        return v1;
    }

    // A candidate endpoint on v1 whose update to v2 was started without waiting and is still in flight once the
    // retention period has passed (endpoint, configs and models all older than the cutoff). Returns v2's config.
    private async Task<string> StartCandidateUpdateThenAgeAsync(string endpointName)
    {
        await DeployAsync(endpointName, "candidate", "1");
        _sageMaker.StepsPerTransition = 100;
        var update = await _endpoints.DeployAsync(Spec(endpointName, "candidate", "2", "churn"));
        _time.Advance(Old);
        return update.TargetEndpointConfigName!;
    }

    private string ModelOf(DeployedEndpoint endpoint) =>
        _sageMaker.DescribeEndpointConfigAsync(new DescribeEndpointConfigRequest { EndpointConfigName = endpoint.EndpointConfigName! }).Result.ProductionVariants[0].ModelName!;

    private string Touch(string name)
    {
        var path = Path.Combine(_releases, name);
        File.WriteAllText(path, "zip");
        return path;
    }
}
