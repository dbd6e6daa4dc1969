using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using MlOps.Sdk.Local;
using MlOps.Sdk.SageMaker;
using MlOps.Sdk.Tests.Fakes;
using MlOps.Sdk.Tests.Fixtures;

namespace MlOps.Sdk.Tests.Local;

/// <summary>
/// Local mode records instants with SageMaker's precision, whole milliseconds, so a Describe in local mode gives what
/// the same Describe through the wire server gives, and a time read back selects the same in list filters.
/// </summary>
public sealed class LocalTimestampTests : IAsyncLifetime
{
    // 123.4567 ms past the fake clock's start: every instant taken from it has ticks below the millisecond.
    private static readonly TimeSpan SubMillisecondOffset = TimeSpan.FromTicks(1_234_567);

    private readonly LocalTestHome home = new();
    private readonly FakeTimeProvider clock = FakeTime.Create();
    private LocalSageMakerClient client = null!;

    public async Task InitializeAsync()
    {
        clock.Advance(SubMillisecondOffset);
        client = new LocalSageMakerClient(home.Options, clock);
        await client.CreateModelPackageGroupAsync(new CreateModelPackageGroupRequest { ModelPackageGroupName = "churn" });
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await home.DisposeAsync();
    }

    [Fact]
    public void LocalCode_TakesTheTime_OnlyThroughLocalTimestamp()
    {
        // A bare GetUtcNow() in local mode would record 100 ns ticks again, which the wire rounds and local mode not.
        var folder = RepositoryRoot.Combine("src", "MlOps.Sdk", "Local");
        var offenders = Directory.GetFiles(folder, "*.cs")
            .Where(path => System.IO.Path.GetFileName(path) != "LocalTimestamp.cs")
            .Where(path => File.ReadAllText(path).Contains(".GetUtcNow()", StringComparison.Ordinal))
            .Select(System.IO.Path.GetFileName)
            .ToList();

        Assert.Empty(offenders);
    }

    [Fact]
    public void Of_TicksBelowTheMillisecond_DropsThemWithoutRoundingUp()
    {
        var instant = new DateTimeOffset(2026, 11, 27, 10, 0, 0, 999, TimeSpan.FromHours(1)).AddTicks(9_999);

        Assert.Equal(new DateTimeOffset(2026, 11, 27, 9, 0, 0, 999, TimeSpan.Zero), LocalTimestamp.Of(instant));
    }

    [Fact]
    public async Task DescribeModelPackage_ClockWithSubMillisecondTicks_ReturnsWholeMilliseconds()
    {
        var start = clock.GetUtcNow();
        var arn = (await client.CreateModelPackageAsync(Package())).ModelPackageArn;
        clock.Advance(SubMillisecondOffset);
        await client.UpdateModelPackageAsync(new UpdateModelPackageRequest { ModelPackageArn = arn, ModelApprovalStatus = ModelApprovalStatus.Approved });

        var package = await client.DescribeModelPackageAsync(new DescribeModelPackageRequest { ModelPackageName = arn });

        Assert.Equal(
            (WholeMilliseconds(start), WholeMilliseconds(start + SubMillisecondOffset)),
            (package.CreationTime, package.LastModifiedTime));
    }

    [Fact]
    public async Task ListModelPackages_CreationTimeAfterEqualToDescribedTime_LeavesThatPackageOut()
    {
        var (first, second) = await CreateTwoPackagesAsync();
        var firstCreated = (await client.DescribeModelPackageAsync(new DescribeModelPackageRequest { ModelPackageName = first })).CreationTime;

        var listed = await ListAsync(new ListModelPackagesRequest { ModelPackageGroupName = "churn", CreationTimeAfter = firstCreated });

        // SageMaker's API reference: "returns only model packages created after the specified time", so not at it.
        Assert.Equal([second], listed);
    }

    [Fact]
    public async Task ListModelPackages_CreationTimeBeforeEqualToDescribedTime_LeavesThatPackageOut()
    {
        var (first, second) = await CreateTwoPackagesAsync();
        var secondCreated = (await client.DescribeModelPackageAsync(new DescribeModelPackageRequest { ModelPackageName = second })).CreationTime;

        var listed = await ListAsync(new ListModelPackagesRequest { ModelPackageGroupName = "churn", CreationTimeBefore = secondCreated });

        // "returns only model packages created before the specified time", so not at it.
        Assert.Equal([first], listed);
    }

    [Fact]
    public async Task ListModelPackages_CreationTimeAfterBelowHalfAMillisecondEarlier_LeavesThatPackageOutAsTheWireRoundsIt()
    {
        var (first, second) = await CreateTwoPackagesAsync();
        var firstCreated = (await client.DescribeModelPackageAsync(new DescribeModelPackageRequest { ModelPackageName = first })).CreationTime;

        // Sent over the wire, 0.4 ms earlier arrives as the package's own millisecond, which "after" excludes.
        var listed = await ListAsync(new ListModelPackagesRequest { ModelPackageGroupName = "churn", CreationTimeAfter = firstCreated.AddTicks(-4_000) });

        Assert.Equal([second], listed);
    }

    [Fact]
    public async Task ListModelPackages_CreationTimeBeforeBelowHalfAMillisecondLater_LeavesThatPackageOutAsTheWireRoundsIt()
    {
        var (first, second) = await CreateTwoPackagesAsync();
        var secondCreated = (await client.DescribeModelPackageAsync(new DescribeModelPackageRequest { ModelPackageName = second })).CreationTime;

        var listed = await ListAsync(new ListModelPackagesRequest { ModelPackageGroupName = "churn", CreationTimeBefore = secondCreated.AddTicks(4_000) });

        Assert.Equal([first], listed);
    }

    [Fact]
    public async Task DescribeTrainingJob_ClockWithSubMillisecondTicks_EveryTimeIsWholeMilliseconds()
    {
        var image = await home.RegisterTrainerAsync();
        var data = await home.UploadTrainingDataAsync();
        // A day ahead of the real clock, so the job's end is the trainer's exit file's write time (the earlier of the
        // two), an instant taken from the file system rather than from the clock.
        clock.SetUtcNow(DateTimeOffset.UtcNow.AddDays(1) + SubMillisecondOffset);
        await client.CreateTrainingJobAsync(home.TrainingRequest("ms-job", image, data));

        var job = await WaitForTrainingAsync("ms-job");

        Assert.Equal(TrainingJobStatus.Completed, job.TrainingJobStatus);
        var times = new List<DateTimeOffset> { job.CreationTime, job.LastModifiedTime!.Value, job.TrainingStartTime!.Value, job.TrainingEndTime!.Value };
        times.AddRange(job.SecondaryStatusTransitions!.SelectMany(t => new[] { t.StartTime, t.EndTime }).OfType<DateTimeOffset>());
        Assert.All(times, time => Assert.Equal(WholeMilliseconds(time), time));
    }

    private static DateTimeOffset WholeMilliseconds(DateTimeOffset instant) =>
        new(instant.UtcTicks - (instant.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);

    private static CreateModelPackageRequest Package() => new()
    {
        ModelPackageGroupName = "churn",
        InferenceSpecification = new InferenceSpecification
        {
            Containers = [new ModelPackageContainerDefinition { Image = "000000000000.dkr.ecr.us-east-1.amazonaws.com/churn:1", ModelDataUrl = "s3://test-bucket/output/job/output/model.tar.gz" }],
            SupportedContentTypes = ["text/csv"],
            SupportedResponseMIMETypes = ["application/json"],
        },
    };

    // Two versions 0.9 ms apart on the clock (at 123.4567 ms and 124.3567 ms), so a millisecond apart once recorded.
    private async Task<(string First, string Second)> CreateTwoPackagesAsync()
    {
        var first = (await client.CreateModelPackageAsync(Package())).ModelPackageArn;
        clock.Advance(TimeSpan.FromTicks(9_000));
        var second = (await client.CreateModelPackageAsync(Package())).ModelPackageArn;
        return (first, second);
    }

    private async Task<List<string>> ListAsync(ListModelPackagesRequest request)
    {
        var arns = new List<string>();
        await foreach (var package in client.ListModelPackagesAsync(request))
        {
            arns.Add(package.ModelPackageArn);
        }

        return arns;
    }

    // LocalTestHome's wait reads through a client on the system clock, which would stamp the job's transitions; this
    // one reads through the fake clock's client and moves it on by an odd amount between reads.
    private async Task<DescribeTrainingJobResponse> WaitForTrainingAsync(string name)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var job = await client.DescribeTrainingJobAsync(new DescribeTrainingJobRequest { TrainingJobName = name });
            if (job.TrainingJobStatus is TrainingJobStatus.Completed or TrainingJobStatus.Failed or TrainingJobStatus.Stopped)
            {
                return job;
            }

            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(90), $"Training job {name} is still {job.TrainingJobStatus}/{job.SecondaryStatus}.");
            clock.Advance(SubMillisecondOffset);
            await Task.Delay(100);
        }
    }
}
