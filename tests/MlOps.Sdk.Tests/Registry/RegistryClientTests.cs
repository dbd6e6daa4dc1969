using MlOps.Sdk.Registry;
using MlOps.Sdk.SageMaker;
using MlOps.Sdk.Tests.Fakes;
using MlOps.Sdk.Tests.Training;
using MlOps.Sdk.Training;
using Microsoft.Extensions.Time.Testing;

namespace MlOps.Sdk.Tests.Registry;

public sealed class RegistryClientTests
{
    private const string Group = "churn";
    private readonly FakeTimeProvider _time = FakeTime.Create();
    private readonly FakeSageMakerClient _sageMaker;
    private readonly RegistryClient _registry;
    private readonly TrainingClient _training;

    public RegistryClientTests()
    {
        _sageMaker = new FakeSageMakerClient(_time);
        _registry = new RegistryClient(_sageMaker);
        _training = new TrainingClient(_sageMaker, new FakeTrainingLogClient(), timeProvider: _time);
    }

    [Fact]
    public async Task EnsureModelPackageGroupAsync_GroupMissing_CreatesIt()
    {
        var arn = await _registry.EnsureModelPackageGroupAsync(Group);

        Assert.Equal(FakeSageMakerClient.Arn("model-package-group", Group), arn);
        Assert.Equal(1, _sageMaker.Count("CreateModelPackageGroup"));
    }

    [Fact]
    public async Task EnsureModelPackageGroupAsync_GroupExists_DoesNotCreateAgain()
    {
        await _registry.EnsureModelPackageGroupAsync(Group);

        await _registry.EnsureModelPackageGroupAsync(Group);

        Assert.Equal(1, _sageMaker.Count("CreateModelPackageGroup"));
    }

    [Fact]
    public async Task EnsureModelPackageGroupAsync_InvalidName_ThrowsBeforeAnyCall()
    {
        var error = await Assert.ThrowsAsync<MlOpsValidationException>(() => _registry.EnsureModelPackageGroupAsync("churn_model"));

        Assert.Equal("ModelPackageGroupName", error.FieldName);
        Assert.Empty(_sageMaker.Calls);
    }

    [Fact]
    public async Task RegisterModelVersionAsync_CompletedJob_RecordsImageModelDataAndMetrics()
    {
        await TrainAsync("job-1", accuracy: 0.91);

        var version = await _registry.RegisterModelVersionAsync(new ModelVersionSpec { ModelPackageGroupName = Group, TrainingJobName = "job-1" });

        Assert.Equal(1, version.Version);
        Assert.Equal("123456789012.dkr.ecr.us-east-1.amazonaws.com/churn:1", version.Image);
        Assert.Equal("s3://mlops-artifacts/churn/models/job-1/output/model.tar.gz", version.ModelDataUrl);
        Assert.Equal(0.91, version.Metrics["accuracy"]);
        Assert.Equal("job-1", version.TrainingJobName);
    }

    [Fact]
    public async Task RegisterModelVersionAsync_NoStatusGiven_RegistersPendingManualApproval()
    {
        await TrainAsync("job-1", accuracy: 0.91);

        var version = await _registry.RegisterModelVersionAsync(new ModelVersionSpec { ModelPackageGroupName = Group, TrainingJobName = "job-1" });

        Assert.Equal(ModelApprovalStatus.PendingManualApproval, version.ApprovalStatus);
    }

    [Fact]
    public async Task RegisterModelVersionAsync_SameJobTwice_ReturnsTheFirstVersion()
    {
        await TrainAsync("job-1", accuracy: 0.91);
        var first = await _registry.RegisterModelVersionAsync(new ModelVersionSpec { ModelPackageGroupName = Group, TrainingJobName = "job-1" });

        var second = await _registry.RegisterModelVersionAsync(new ModelVersionSpec { ModelPackageGroupName = Group, TrainingJobName = "job-1" });

        Assert.Equal(first.Arn, second.Arn);
        Assert.Equal(1, _sageMaker.Count("CreateModelPackage"));
    }

    [Fact]
    public async Task RegisterModelVersionAsync_JobStillRunning_ThrowsTrainingJobNotCompleted()
    {
        await _training.StartTrainingJobAsync(TrainingClientTests.Spec("job-1"));

        var error = await Assert.ThrowsAsync<MlOpsException>(() => _registry.RegisterModelVersionAsync(new ModelVersionSpec { ModelPackageGroupName = Group, TrainingJobName = "job-1" }));

        Assert.Equal(RegistryClient.TrainingJobNotCompletedErrorCode, error.ErrorCode);
        Assert.Equal(0, _sageMaker.Count("CreateModelPackage"));
    }

    [Fact]
    public async Task ApproveAsync_PendingVersion_BecomesApprovedWithDescription()
    {
        var version = await RegisterAsync("job-1", 0.9);

        var approved = await _registry.ApproveAsync(version.Arn, "checked by hand");

        Assert.Equal(ModelApprovalStatus.Approved, approved.ApprovalStatus);
        Assert.Equal("checked by hand", approved.ApprovalDescription);
    }

    [Fact]
    public async Task RejectAsync_PendingVersion_BecomesRejected()
    {
        var version = await RegisterAsync("job-1", 0.9);

        var rejected = await _registry.RejectAsync(version.Arn, "bias found");

        Assert.Equal(ModelApprovalStatus.Rejected, rejected.ApprovalStatus);
    }

    [Fact]
    public async Task GetLatestApprovedVersionAsync_SeveralApproved_ReturnsTheNewest()
    {
        var v1 = await RegisterAsync("job-1", 0.9);
        var v2 = await RegisterAsync("job-2", 0.92);
        var v3 = await RegisterAsync("job-3", 0.95);
        await _registry.ApproveAsync(v1.Arn, "ok");
        await _registry.ApproveAsync(v2.Arn, "ok");

        var latest = await _registry.GetLatestApprovedVersionAsync(Group);

        Assert.Equal(v2.Arn, latest!.Arn);
        Assert.NotEqual(v3.Arn, latest.Arn);
    }

    [Fact]
    public async Task GetLatestApprovedVersionAsync_NoneApproved_ReturnsNull()
    {
        await RegisterAsync("job-1", 0.9);

        Assert.Null(await _registry.GetLatestApprovedVersionAsync(Group));
    }

    [Fact]
    public async Task ApplyMetricGateAsync_ThresholdMet_ApprovesAndRecordsTheNumbers()
    {
        var version = await RegisterAsync("job-1", 0.91);

        var decision = await _registry.ApplyMetricGateAsync(version.Arn, new MetricGate { MetricName = "accuracy", Threshold = 0.9 });

        var after = await _registry.GetModelVersionAsync(version.Arn);
        Assert.True(decision.Approved);
        Assert.Equal(ModelApprovalStatus.Approved, after.ApprovalStatus);
        Assert.Equal("approved", after.Metadata[RegistryMetadataKeys.GateDecision]);
        Assert.Equal("0.91", after.Metadata[RegistryMetadataKeys.GateValue]);
        Assert.Equal("0.9", after.Metadata[RegistryMetadataKeys.GateThreshold]);
        Assert.Contains("0.91", after.ApprovalDescription, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApplyMetricGateAsync_ThresholdMissed_RejectsWithReason()
    {
        var version = await RegisterAsync("job-1", 0.85);

        var decision = await _registry.ApplyMetricGateAsync(version.Arn, new MetricGate { MetricName = "accuracy", Threshold = 0.9 });

        var after = await _registry.GetModelVersionAsync(version.Arn);
        Assert.False(decision.Approved);
        Assert.Equal(ModelApprovalStatus.Rejected, after.ApprovalStatus);
        Assert.Contains("misses the threshold", after.ApprovalDescription, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApplyMetricGateAsync_NotBetterThanApprovedByMargin_Rejects()
    {
        var baseline = await RegisterAsync("job-1", 0.90);
        await _registry.ApproveAsync(baseline.Arn, "first");
        var candidate = await RegisterAsync("job-2", 0.905);

        var decision = await _registry.ApplyMetricGateAsync(candidate.Arn, new MetricGate { MetricName = "accuracy", MinimumImprovement = 0.01 });

        Assert.False(decision.Approved);
        Assert.Equal(0.90, decision.BaselineValue);
        Assert.Equal(baseline.Arn, decision.BaselineVersionArn);
    }

    [Fact]
    public async Task ApplyMetricGateAsync_BetterThanApprovedByMargin_ApprovesAndRecordsBaseline()
    {
        var baseline = await RegisterAsync("job-1", 0.90);
        await _registry.ApproveAsync(baseline.Arn, "first");
        var candidate = await RegisterAsync("job-2", 0.93);

        await _registry.ApplyMetricGateAsync(candidate.Arn, new MetricGate { MetricName = "accuracy", MinimumImprovement = 0.01 });

        var after = await _registry.GetModelVersionAsync(candidate.Arn);
        Assert.Equal(ModelApprovalStatus.Approved, after.ApprovalStatus);
        Assert.Equal("0.9", after.Metadata[RegistryMetadataKeys.GateBaseline]);
        Assert.Equal(baseline.Arn, after.Metadata[RegistryMetadataKeys.GateBaselineVersion]);
    }

    [Fact]
    public async Task ApplyMetricGateAsync_RejectWhenFailedOff_LeavesVersionPending()
    {
        var version = await RegisterAsync("job-1", 0.5);

        await _registry.ApplyMetricGateAsync(version.Arn, new MetricGate { MetricName = "accuracy", Threshold = 0.9, RejectWhenFailed = false });

        var after = await _registry.GetModelVersionAsync(version.Arn);
        Assert.Equal(ModelApprovalStatus.PendingManualApproval, after.ApprovalStatus);
        Assert.Equal("rejected", after.Metadata[RegistryMetadataKeys.GateDecision]);
    }

    [Fact]
    public async Task RegisterModelVersionAsync_WithTags_TagsTheGroupAndNotTheVersion()
    {
        await TrainAsync("job-1", accuracy: 0.91);

        var version = await _registry.RegisterModelVersionAsync(new ModelVersionSpec
        {
            ModelPackageGroupName = Group,
            TrainingJobName = "job-1",
            Tags = [new MlOps.Sdk.Naming.ResourceTag("Project", "churn")],
        });

        var groupTags = await ToListAsync(_sageMaker.ListTagsAsync(new ListTagsRequest { ResourceArn = FakeSageMakerClient.Arn("model-package-group", Group) }));
        var versionTags = await ToListAsync(_sageMaker.ListTagsAsync(new ListTagsRequest { ResourceArn = version.Arn }));
        Assert.Contains(groupTags, t => t.Key == "Project" && t.Value == "churn");
        Assert.Empty(versionTags);
    }

    [Fact]
    public async Task ApplyMetricGateAsync_RunAgainWithoutBaseline_RemovesTheStaleGateEntries()
    {
        var version = await RegisterAsync("job-1", 0.95);
        await _registry.ApplyMetricGateAsync(version.Arn, new MetricGate { MetricName = "accuracy", Threshold = 0.9, RejectWhenFailed = false });

        await _registry.ApplyMetricGateAsync(version.Arn, new MetricGate { MetricName = "accuracy", MinimumImprovement = 0.01, RejectWhenFailed = false });

        var after = await _registry.GetModelVersionAsync(version.Arn);
        Assert.False(after.Metadata.ContainsKey(RegistryMetadataKeys.GateThreshold));
        Assert.Equal("0.01", after.Metadata[RegistryMetadataKeys.GateMargin]);
        Assert.Equal("job-1", after.Metadata[RegistryMetadataKeys.TrainingJobName]);
    }

    [Fact]
    public async Task SetApprovalStatusAsync_KeySetAndRemoved_ThrowsBeforeAnyUpdate()
    {
        var version = await RegisterAsync("job-1", 0.95);

        var error = await Assert.ThrowsAsync<MlOpsValidationException>(() => _registry.SetApprovalStatusAsync(
            version.Arn,
            ModelApprovalStatus.Approved,
            "ok",
            new Dictionary<string, string> { ["note"] = "a" },
            ["note"]));

        Assert.Equal("UpdateModelPackageRequest.CustomerMetadataPropertiesToRemove[0]", error.FieldName);
        Assert.Equal(0, _sageMaker.Count("UpdateModelPackage"));
    }

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }

    private async Task TrainAsync(string jobName, double accuracy)
    {
        _sageMaker.TrainingMetrics[jobName] = new() { ["accuracy"] = accuracy };
        var operation = await _training.StartTrainingJobAsync(TrainingClientTests.Spec(jobName));
        await _time.DriveAsync(operation.WaitForCompletionAsync(), TimeSpan.FromSeconds(120));
    }

    private async Task<ModelVersion> RegisterAsync(string jobName, double accuracy)
    {
        await TrainAsync(jobName, accuracy);
        _time.Advance(TimeSpan.FromMinutes(1));
        return await _registry.RegisterModelVersionAsync(new ModelVersionSpec { ModelPackageGroupName = Group, TrainingJobName = jobName });
    }
}
