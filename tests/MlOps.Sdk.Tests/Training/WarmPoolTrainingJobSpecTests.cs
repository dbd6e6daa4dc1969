using MlOps.Sdk.Naming;
using MlOps.Sdk.SageMaker;
using MlOps.Sdk.Stages;
using MlOps.Sdk.Stages.Settings;
using MlOps.Sdk.Training;

namespace MlOps.Sdk.Tests.Training;

/// <summary>The manifest's merge-request warm pool reaches ResourceConfig.KeepAlivePeriodInSeconds, and only for merge requests.</summary>
public sealed class WarmPoolTrainingJobSpecTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly ReleaseContext MergeRequest = ReleaseContext.Candidate(7, "0123abcd", Now);
    private static readonly ReleaseContext Main = ReleaseContext.Stable("0123abcd", Now);

    [Fact]
    public void ResourceConfig_GeneratedModel_CarriesKeepAlivePeriodInSeconds()
    {
        var config = new ResourceConfig { InstanceType = "ml.m5.large", InstanceCount = 1, VolumeSizeInGB = 1, KeepAlivePeriodInSeconds = 600 };

        Assert.Equal(600, config.KeepAlivePeriodInSeconds);
    }

    [Fact]
    public void DescribeTrainingJobResponse_GeneratedModel_CarriesWarmPoolStatus()
    {
        var status = new WarmPoolStatus { Status = WarmPoolResourceStatus.Reused, ReusedByJob = "job-2", ResourceRetainedBillableTimeInSeconds = 42 };
        var response = new DescribeTrainingJobResponse
        {
            TrainingJobName = "job-1",
            TrainingJobArn = "arn:aws:sagemaker:us-east-1:000000000000:training-job/job-1",
            ModelArtifacts = new ModelArtifacts { S3ModelArtifacts = "s3://b/k" },
            TrainingJobStatus = TrainingJobStatus.Completed,
            SecondaryStatus = SecondaryStatus.Completed,
            AlgorithmSpecification = new AlgorithmSpecification { TrainingInputMode = TrainingInputMode.File },
            ResourceConfig = new ResourceConfig { VolumeSizeInGB = 1 },
            StoppingCondition = new StoppingCondition(),
            CreationTime = Now,
            WarmPoolStatus = status,
        };

        Assert.Equal(status, response.WarmPoolStatus);
    }

    [Fact]
    public void ResourceConfigValidate_KeepAliveOver21600_RefusedNamingTheField()
    {
        var config = new ResourceConfig { VolumeSizeInGB = 1, KeepAlivePeriodInSeconds = 21_601 };

        var error = Assert.Throws<MlOpsValidationException>(() => config.Validate());

        Assert.Equal("ResourceConfig.KeepAlivePeriodInSeconds", error.FieldName);
    }

    [Fact]
    public void ToRequest_WarmPoolKeepAlive_SetsKeepAlivePeriodInSeconds()
    {
        var spec = Spec() with { WarmPoolKeepAlive = TimeSpan.FromMinutes(10) };

        Assert.Equal(600, spec.ToRequest().ResourceConfig!.KeepAlivePeriodInSeconds);
    }

    [Fact]
    public void ToRequest_WarmPoolKeepAliveWithSpot_RefusedNamingTheField()
    {
        var spec = Spec() with { WarmPoolKeepAlive = TimeSpan.FromMinutes(10), UseManagedSpotTraining = true };

        var error = Assert.Throws<MlOpsValidationException>(() => spec.ToRequest());

        Assert.Equal(nameof(TrainingJobSpec.WarmPoolKeepAlive), error.FieldName);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(21_601)]
    public void ToRequest_WarmPoolKeepAliveOutOfRange_RefusedNamingTheField(int seconds)
    {
        var spec = Spec() with { WarmPoolKeepAlive = TimeSpan.FromSeconds(seconds) };

        var error = Assert.Throws<MlOpsValidationException>(() => spec.ToRequest());

        Assert.Equal(nameof(TrainingJobSpec.WarmPoolKeepAlive), error.FieldName);
    }

    [Fact]
    public void WarmPoolKeepAliveFor_MergeRequestPipeline_ReachesResourceConfig()
    {
        var keepAlive = Training("600").WarmPoolKeepAliveFor(MergeRequest);

        Assert.Equal(600, (Spec() with { WarmPoolKeepAlive = keepAlive }).ToRequest().ResourceConfig!.KeepAlivePeriodInSeconds);
    }

    [Fact]
    public void WarmPoolKeepAliveFor_MainPipeline_KeepsNoWarmPool()
    {
        var keepAlive = Training("600").WarmPoolKeepAliveFor(Main);

        Assert.Null((Spec() with { WarmPoolKeepAlive = keepAlive }).ToRequest().ResourceConfig!.KeepAlivePeriodInSeconds);
    }

    [Fact]
    public void WarmPoolKeepAliveFor_KeyAbsent_KeepsNoWarmPool()
    {
        Assert.Null(Read("""{"training": {}}""").WarmPoolKeepAliveFor(MergeRequest));
    }

    [Theory]
    [InlineData("21601")]
    [InlineData("-1")]
    [InlineData("600.5")]
    [InlineData("\"ten minutes\"")]
    public void WarmPoolKeepAliveFor_OutOfRange_RefusedNamingTheManifestKeyOnEveryPipeline(string value)
    {
        var error = Assert.Throws<MlOpsValidationException>(() => Training(value));

        Assert.Equal("training.warmPool.mergeRequestKeepAliveInSeconds", error.FieldName);
        Assert.Contains("from 0 to 21600", error.Rule, StringComparison.Ordinal);
    }

    private static TrainingSettings Training(string keepAlive) =>
        Read("""{"training": {"warmPool": {"mergeRequestKeepAliveInSeconds": """ + keepAlive + "}}}");

    private static TrainingSettings Read(string manifest) =>
        TrainingSettings.Read(StageArguments.Parse([], [], _ => null, new Dictionary<string, string>(), ProjectManifest.Parse(manifest)).Values);

    private static TrainingJobSpec Spec() => new()
    {
        TrainingJobName = "churn-mr7-0123abcd",
        Image = "000000000000.dkr.ecr.us-east-1.amazonaws.com/churn:abc",
        RoleArn = "arn:aws:iam::000000000000:role/mlops",
        OutputPath = "s3://bucket/output",
        VolumeSizeInGB = 1,
    };
}
