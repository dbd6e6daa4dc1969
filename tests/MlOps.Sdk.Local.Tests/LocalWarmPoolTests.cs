using MlOps.Sdk.Local;
using MlOps.Sdk.SageMaker;
using MlOps.Sdk.Storage;
using MlOps.Sdk.Tests.Fixtures;

namespace MlOps.Sdk.Tests.Local;

/// <summary>Local mode keeps a job's cluster in a managed warm pool for its KeepAlivePeriodInSeconds, as SageMaker does.</summary>
public sealed class LocalWarmPoolTests : IAsyncLifetime
{
    private const int KeepAliveSeconds = 600;
    private readonly LocalTestHome home = new();
    private string image = string.Empty;
    private S3Uri data = null!;

    public async Task InitializeAsync()
    {
        image = await home.RegisterTrainerAsync();
        data = await home.UploadTrainingDataAsync();
    }

    public async Task DisposeAsync() => await home.DisposeAsync();

    [Fact]
    public async Task DescribeTrainingJob_EndedJobWithKeepAlive_PoolIsAvailable()
    {
        await TrainAsync("pool-1");

        var job = await home.Client.DescribeTrainingJobAsync(new DescribeTrainingJobRequest { TrainingJobName = "pool-1" });

        Assert.Equal(WarmPoolResourceStatus.Available, job.WarmPoolStatus?.Status);
    }

    [Fact]
    public async Task CreateTrainingJob_MatchingJobWithinKeepAlive_FirstJobsPoolIsReusedBySecond()
    {
        await TrainAsync("pool-1");
        await TrainAsync("pool-2");

        var first = await home.Client.DescribeTrainingJobAsync(new DescribeTrainingJobRequest { TrainingJobName = "pool-1" });

        Assert.Equal(WarmPoolResourceStatus.Reused, first.WarmPoolStatus?.Status);
        Assert.Equal("pool-2", first.WarmPoolStatus?.ReusedByJob);
        Assert.NotNull(first.WarmPoolStatus?.ResourceRetainedBillableTimeInSeconds);
    }

    [Fact]
    public async Task CreateTrainingJob_MatchingJobOnAnotherImage_ReusesThePool()
    {
        // SageMaker matches on role and resources, not on the image: an MR's next push has a new image.
        await TrainAsync("pool-1");
        var otherImage = await home.RegisterTrainerAsync("v2");
        await TrainAsync("pool-2", request => request with { AlgorithmSpecification = request.AlgorithmSpecification! with { TrainingImage = otherImage } });

        var first = await home.Client.DescribeTrainingJobAsync(new DescribeTrainingJobRequest { TrainingJobName = "pool-1" });

        Assert.Equal("pool-2", first.WarmPoolStatus?.ReusedByJob);
    }

    [Fact]
    public async Task CreateTrainingJob_OtherInstanceType_DoesNotReuseThePool()
    {
        await TrainAsync("pool-1");
        await TrainAsync("pool-2", request => request with { ResourceConfig = request.ResourceConfig! with { InstanceType = "ml.m5.xlarge" } });

        var first = await home.Client.DescribeTrainingJobAsync(new DescribeTrainingJobRequest { TrainingJobName = "pool-1" });

        Assert.Equal(WarmPoolResourceStatus.Available, first.WarmPoolStatus?.Status);
        Assert.Null(first.WarmPoolStatus?.ReusedByJob);
    }

    [Fact]
    public async Task CreateTrainingJob_OtherRole_DoesNotReuseThePool()
    {
        await TrainAsync("pool-1");
        await TrainAsync("pool-2", request => request with { RoleArn = "arn:aws:iam::000000000000:role/another" });

        var first = await home.Client.DescribeTrainingJobAsync(new DescribeTrainingJobRequest { TrainingJobName = "pool-1" });

        Assert.Null(first.WarmPoolStatus?.ReusedByJob);
    }

    [Fact]
    public async Task DescribeTrainingJob_PastKeepAlive_PoolIsTerminatedAndBilledForTheKeepAlive()
    {
        await TrainAsync("pool-1");
        var clock = new ImmediateTimeProvider { Offset = TimeSpan.FromSeconds(KeepAliveSeconds + 1) };
        var later = new LocalSageMakerClient(home.Options, clock);

        var job = await later.DescribeTrainingJobAsync(new DescribeTrainingJobRequest { TrainingJobName = "pool-1" });

        Assert.Equal(WarmPoolResourceStatus.Terminated, job.WarmPoolStatus?.Status);
        Assert.Equal(KeepAliveSeconds, job.WarmPoolStatus?.ResourceRetainedBillableTimeInSeconds);
    }

    [Fact]
    public async Task CreateTrainingJob_MatchingJobPastKeepAlive_DoesNotReuseThePool()
    {
        await TrainAsync("pool-1");
        var later = new LocalSageMakerClient(home.Options, new ImmediateTimeProvider { Offset = TimeSpan.FromSeconds(KeepAliveSeconds + 1) });
        await later.CreateTrainingJobAsync(Request("pool-2"));

        var first = await later.DescribeTrainingJobAsync(new DescribeTrainingJobRequest { TrainingJobName = "pool-1" });

        Assert.Null(first.WarmPoolStatus?.ReusedByJob);
    }

    [Fact]
    public async Task CreateTrainingJob_ReusedPool_SecondJobFindsTheCacheTheFirstLeft()
    {
        await TrainAsync("pool-1", request => request with { HyperParameters = new Dictionary<string, string> { ["mode"] = "cache" } });
        await TrainAsync("pool-2", request => request with { HyperParameters = new Dictionary<string, string> { ["mode"] = "cache" } });

        var cache = await File.ReadAllLinesAsync(Path.Combine(home.Home, "warm-pools", "pool-1", "algo-1", "jobs"));

        Assert.Equal(["pool-1", "pool-2"], cache);
    }

    [Fact]
    public async Task DescribeTrainingJob_JobWithoutKeepAlive_HasNoWarmPoolStatus()
    {
        await TrainAsync("no-pool", request => request with { ResourceConfig = request.ResourceConfig! with { KeepAlivePeriodInSeconds = null } });

        var job = await home.Client.DescribeTrainingJobAsync(new DescribeTrainingJobRequest { TrainingJobName = "no-pool" });

        Assert.Null(job.WarmPoolStatus);
    }

    [Fact]
    public async Task CreateTrainingJob_KeepAliveOver21600_RefusedNamingTheFieldBeforeAnyJobExists()
    {
        var request = Request("too-long") with { ResourceConfig = Request("too-long").ResourceConfig! with { KeepAlivePeriodInSeconds = 21_601 } };

        var error = await Assert.ThrowsAsync<MlOpsValidationException>(() => home.Client.CreateTrainingJobAsync(request));

        Assert.Equal("CreateTrainingJobRequest.ResourceConfig.KeepAlivePeriodInSeconds", error.FieldName);
        Assert.Equal("ValidationException", error.ServiceErrorCode);
        await Assert.ThrowsAsync<MlOpsException>(() => home.Client.DescribeTrainingJobAsync(new DescribeTrainingJobRequest { TrainingJobName = "too-long" }));
    }

    private CreateTrainingJobRequest Request(string name)
    {
        var request = home.TrainingRequest(name, image, data);
        return request with { ResourceConfig = request.ResourceConfig! with { KeepAlivePeriodInSeconds = KeepAliveSeconds } };
    }

    private async Task TrainAsync(string name, Func<CreateTrainingJobRequest, CreateTrainingJobRequest>? change = null)
    {
        await home.Client.CreateTrainingJobAsync((change ?? (r => r))(Request(name)));
        var job = await home.WaitForTrainingAsync(name);
        Assert.Equal(TrainingJobStatus.Completed, job.TrainingJobStatus);
    }
}
