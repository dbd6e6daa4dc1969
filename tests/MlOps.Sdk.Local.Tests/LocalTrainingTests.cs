using System.Formats.Tar;
using System.IO.Compression;
using MlOps.Sdk.Local;
using MlOps.Sdk.SageMaker;
using MlOps.Sdk.Storage;

namespace MlOps.Sdk.Tests.Local;

public sealed class LocalTrainingTests : IAsyncLifetime
{
    private readonly LocalTestHome home = new();
    private string image = string.Empty;
    private S3Uri data = S3Uri.Create(LocalTestHome.Bucket);

    public async Task InitializeAsync()
    {
        image = await home.RegisterTrainerAsync();
        data = await home.UploadTrainingDataAsync();
    }

    public async Task DisposeAsync() => await home.DisposeAsync();

    [Fact]
    public async Task CreateTrainingJob_TrainerSucceeds_CompletesWithModelArchiveAtOutputPath()
    {
        await home.Client.CreateTrainingJobAsync(home.TrainingRequest("ok-job", image, data));

        var job = await home.WaitForTrainingAsync("ok-job");

        Assert.Equal(TrainingJobStatus.Completed, job.TrainingJobStatus);
        Assert.Equal("s3://test-bucket/output/ok-job/output/model.tar.gz", job.ModelArtifacts.S3ModelArtifacts);
        var archive = home.Store.GetLocalPath(S3Uri.Parse(job.ModelArtifacts.S3ModelArtifacts));
        Assert.Equal(["model.json", "sub/", "sub/file.txt"], ReadEntries(archive));
    }

    [Fact]
    public async Task CreateTrainingJob_MetricDefinitions_FinalMetricIsLastValueInLog()
    {
        await home.Client.CreateTrainingJobAsync(home.TrainingRequest("metric-job", image, data));

        var job = await home.WaitForTrainingAsync("metric-job");

        var metric = Assert.Single(job.FinalMetricDataList!);
        Assert.Equal("validation:accuracy", metric.MetricName);
        Assert.Equal(0.93, metric.Value);
    }

    [Fact]
    public async Task CreateTrainingJob_TrainingContract_TrainerSeesConfigFilesChannelsAndEnvironment()
    {
        await home.Client.CreateTrainingJobAsync(home.TrainingRequest("contract-job", image, data));
        await home.WaitForTrainingAsync("contract-job");

        var lines = await ReadLogAsync("contract-job");

        Assert.Contains("channels=[\"train\"] hosts=[\"algo-1\"] host=algo-1 gpus=0", lines);
        Assert.Contains("train-rows=4", lines);
        Assert.Contains(lines, l => l.StartsWith("hyperparameters=", StringComparison.Ordinal) && l.Contains("\"epochs\":\"3\"", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("resourceconfig=", StringComparison.Ordinal) && l.Contains("\"current_host\":\"algo-1\"", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("inputdataconfig=", StringComparison.Ordinal) && l.Contains("\"TrainingInputMode\":\"File\"", StringComparison.Ordinal));
        Assert.Contains("job=contract-job arn=arn:aws:sagemaker:us-east-1:000000000000:training-job/contract-job custom=from-request", lines);
    }

    [Fact]
    public async Task GetTrainingJobLogEvents_TrainerWritesBothStreams_ReturnsBothInTheHostsCloudWatchStyleStream()
    {
        await home.Client.CreateTrainingJobAsync(home.TrainingRequest("log-job", image, data));
        await home.WaitForTrainingAsync("log-job");

        var events = new List<TrainingLogEvent>();
        await foreach (var e in home.Logs.GetTrainingJobLogEventsAsync("log-job"))
        {
            events.Add(e);
        }

        var warning = Assert.Single(events, e => e.Message == "a warning on stderr");
        var rows = Assert.Single(events, e => e.Message == "train-rows=4");
        Assert.Matches("^log-job/algo-1-[0-9]{10}$", warning.StreamName);
        Assert.Equal(warning.StreamName, rows.StreamName);
    }

    [Fact]
    public async Task CreateTrainingJob_TrainerExitsNonZeroAfterWritingFailure_FailsWithFailureText()
    {
        await home.Client.CreateTrainingJobAsync(home.TrainingRequest("fail-job", image, data, mode: "fail"));

        var job = await home.WaitForTrainingAsync("fail-job");

        Assert.Equal(TrainingJobStatus.Failed, job.TrainingJobStatus);
        Assert.Equal("AlgorithmError: epochs must be positive", job.FailureReason);
    }

    [Fact]
    public async Task CreateTrainingJob_TrainerHangsPastMaxRuntime_StopsWithMaxRuntimeExceeded()
    {
        await home.Client.CreateTrainingJobAsync(home.TrainingRequest("hang-job", image, data, mode: "hang", maxRuntime: 1));

        var job = await home.WaitForTrainingAsync("hang-job");

        Assert.Equal(TrainingJobStatus.Stopped, job.TrainingJobStatus);
        Assert.Equal(SecondaryStatus.MaxRuntimeExceeded, job.SecondaryStatus);
        Assert.Equal("The job stopped because it exceeded the maximum allowed runtime.", job.SecondaryStatusTransitions![^1].StatusMessage);
    }

    [Fact]
    public async Task CreateTrainingJob_TrainerWritesNoModel_FailsWithClearReason()
    {
        await home.Client.CreateTrainingJobAsync(home.TrainingRequest("nomodel-job", image, data, mode: "nomodel"));

        var job = await home.WaitForTrainingAsync("nomodel-job");

        Assert.Equal(TrainingJobStatus.Failed, job.TrainingJobStatus);
        Assert.Contains("wrote no files to /opt/ml/model", job.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateTrainingJob_ImageNotRegistered_FailsWithHowToRegister()
    {
        var missing = home.Images.GetImageUri("never/built", "abc");

        await home.Client.CreateTrainingJobAsync(home.TrainingRequest("noimage-job", missing, data));
        var job = await home.WaitForTrainingAsync("noimage-job");

        Assert.Equal(TrainingJobStatus.Failed, job.TrainingJobStatus);
        Assert.Contains("is not registered in the local image registry", job.FailureReason, StringComparison.Ordinal);
        Assert.Contains("LocalImageRegistry.RegisterAsync", job.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StopTrainingJob_RunningJob_EndsStopped()
    {
        await home.Client.CreateTrainingJobAsync(home.TrainingRequest("stop-job", image, data, mode: "hang"));

        await home.Client.StopTrainingJobAsync(new StopTrainingJobRequest { TrainingJobName = "stop-job" });
        var job = await home.WaitForTrainingAsync("stop-job");

        Assert.Equal(TrainingJobStatus.Stopped, job.TrainingJobStatus);
        Assert.Equal(SecondaryStatus.Stopped, job.SecondaryStatus);
    }

    [Fact]
    public async Task CreateTrainingJob_NameTaken_ThrowsResourceInUse()
    {
        await home.Client.CreateTrainingJobAsync(home.TrainingRequest("dup-job", image, data));

        var error = await Assert.ThrowsAsync<MlOpsException>(() => home.Client.CreateTrainingJobAsync(home.TrainingRequest("dup-job", image, data)));

        Assert.Equal("ResourceInUse", error.ErrorCode);
    }

    [Fact]
    public async Task CreateTrainingJob_InvalidName_ThrowsValidationBeforeAnySideEffect()
    {
        var request = home.TrainingRequest("bad_name!", image, data);

        var error = await Assert.ThrowsAsync<MlOpsValidationException>(() => home.Client.CreateTrainingJobAsync(request));

        Assert.Equal("CreateTrainingJobRequest.TrainingJobName", error.FieldName);
        Assert.False(Directory.Exists(Path.Combine(home.Home, "training-jobs")));
    }

    [Fact]
    public async Task DescribeTrainingJob_UnknownJob_ThrowsValidationExceptionLikeSageMaker()
    {
        var error = await Assert.ThrowsAsync<MlOpsException>(() => home.Client.DescribeTrainingJobAsync(new DescribeTrainingJobRequest { TrainingJobName = "nope" }));

        Assert.Equal("ValidationException", error.ErrorCode);
        Assert.StartsWith("Requested resource not found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListTrainingJobs_TwoJobs_ListsBothWithStatus()
    {
        await home.Client.CreateTrainingJobAsync(home.TrainingRequest("list-a", image, data));
        await home.Client.CreateTrainingJobAsync(home.TrainingRequest("list-b", image, data, mode: "fail"));
        await home.WaitForTrainingAsync("list-a");
        await home.WaitForTrainingAsync("list-b");

        var jobs = new List<TrainingJobSummary>();
        await foreach (var job in home.Client.ListTrainingJobsAsync(new ListTrainingJobsRequest { NameContains = "list-" }))
        {
            jobs.Add(job);
        }

        Assert.Equal(["list-a:Completed", "list-b:Failed"], jobs.Select(j => $"{j.TrainingJobName}:{j.TrainingJobStatus}"));
    }

    internal static List<string> ReadEntries(string archive)
    {
        using var file = File.OpenRead(archive);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        var names = new List<string>();
        while (tar.GetNextEntry() is { } entry)
        {
            names.Add(entry.Name);
        }

        return names;
    }

    private async Task<List<string>> ReadLogAsync(string job)
    {
        var lines = new List<string>();
        await foreach (var e in home.Logs.GetTrainingJobLogEventsAsync(job))
        {
            lines.Add(e.Message);
        }

        return lines;
    }
}
