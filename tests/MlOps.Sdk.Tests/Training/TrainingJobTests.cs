using MlOps.Sdk.SageMaker;
using MlOps.Sdk.Training;

namespace MlOps.Sdk.Tests.Training;

/// <summary>The training-job snapshot reads the warm pool that the review prices from DescribeTrainingJob.</summary>
public sealed class TrainingJobTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void FromDescription_KeepAlivePeriod_SetsWarmPoolKeepAlive()
    {
        var job = TrainingJob.FromDescription(Response(new ResourceConfig { VolumeSizeInGB = 1, KeepAlivePeriodInSeconds = 600 }, null));

        Assert.Equal(TimeSpan.FromMinutes(10), job.WarmPoolKeepAlive);
    }

    [Fact]
    public void FromDescription_KeepAliveZero_LeavesWarmPoolKeepAliveNull()
    {
        var job = TrainingJob.FromDescription(Response(new ResourceConfig { VolumeSizeInGB = 1, KeepAlivePeriodInSeconds = 0 }, null));

        Assert.Null(job.WarmPoolKeepAlive);
    }

    [Fact]
    public void FromDescription_WarmPoolStatus_SetsWarmPool()
    {
        var status = new WarmPoolStatus { Status = WarmPoolResourceStatus.Terminated, ResourceRetainedBillableTimeInSeconds = 90 };

        var job = TrainingJob.FromDescription(Response(new ResourceConfig { VolumeSizeInGB = 1, KeepAlivePeriodInSeconds = 600 }, status));

        Assert.Equal(status, job.WarmPool);
    }

    private static DescribeTrainingJobResponse Response(ResourceConfig resources, WarmPoolStatus? warmPool) => new()
    {
        TrainingJobName = "job-1",
        TrainingJobArn = "arn:aws:sagemaker:us-east-1:000000000000:training-job/job-1",
        ModelArtifacts = new ModelArtifacts { S3ModelArtifacts = "s3://b/k" },
        TrainingJobStatus = TrainingJobStatus.Completed,
        SecondaryStatus = SecondaryStatus.Completed,
        AlgorithmSpecification = new AlgorithmSpecification { TrainingInputMode = TrainingInputMode.File },
        ResourceConfig = resources,
        StoppingCondition = new StoppingCondition(),
        CreationTime = Now,
        WarmPoolStatus = warmPool,
    };
}
