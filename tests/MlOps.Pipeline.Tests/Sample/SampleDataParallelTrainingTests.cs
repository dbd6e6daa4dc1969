using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;
using Microsoft.Extensions.Options;
using MlOps.Sdk.Local;
using MlOps.Sdk.SageMaker;
using MlOps.Sdk.Storage;

namespace MlOps.Pipeline.Tests.Sample;

/// <summary>
/// The sample's own trainer, published, as a local-mode training job of two hosts with data_parallel on: the train
/// channel ShardedByS3Key over two files, the hosts exchanging their models over 127.0.0.1 as the README describes.
/// </summary>
public sealed class SampleDataParallelTrainingTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mlops-data-parallel-").FullName;
    private LocalSageMakerClient _client = null!;
    private LocalArtifactStore _store = null!;
    private LocalTrainingLogClient _logs = null!;
    private string _image = string.Empty;
    private int _trainRows;

    public async Task InitializeAsync()
    {
        var trainer = Path.Combine(_folder, "trainer");
        var project = Path.Combine(RepositoryPaths.Samples, "breast-cancer-training", "src", "BreastCancer.Training.Trainer");
        var publish = await ChildProcess.RunAsync("dotnet", ["publish", project, "-c", "Release", "-o", trainer, "--nologo"], RepositoryPaths.Root);
        Assert.True(publish.ExitCode == 0, publish.Output);

        var options = Options.Create(new LocalOptions { Home = Path.Combine(_folder, "home") });
        _client = new LocalSageMakerClient(options);
        _store = new LocalArtifactStore(options);
        _logs = new LocalTrainingLogClient(options);
        _image = (await new LocalImageRegistry(options).RegisterAsync("sample/trainer", "v1", trainer, ["dotnet", "BreastCancer.Training.Trainer.dll"])).ImageUri;

        var data = Path.Combine(RepositoryPaths.Samples, "breast-cancer-training", "data");
        var lines = await File.ReadAllLinesAsync(Path.Combine(data, "train", "train.csv"));
        _trainRows = lines.Length - 1;
        for (var part = 0; part < 2; part++)
        {
            var file = Path.Combine(_folder, $"part-{part}.csv");
            await File.WriteAllLinesAsync(file, [lines[0], .. lines[1..].Where((_, row) => row % 2 == part)]);
            await _store.UploadFileAsync(file, S3Uri.Create("sample", $"data/train/part-{part}.csv"));
        }

        await _store.UploadDirectoryAsync(Path.Combine(data, "validation"), S3Uri.Create("sample", "data/validation/"));
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task TrainingJob_TwoHostsDataParallel_ModelComesFromEveryShard()
    {
        var job = await TrainAsync("data-parallel-2");

        Assert.True(job.TrainingJobStatus == TrainingJobStatus.Completed, job.FailureReason);
        using var description = JsonDocument.Parse(await ModelFileAsync(job, "model.json"));
        Assert.Equal(_trainRows, description.RootElement.GetProperty("trainingRows").GetInt32());
        var messages = new List<TrainingLogEvent>();
        await foreach (var line in _logs.GetTrainingJobLogEventsAsync(job.TrainingJobName))
        {
            messages.Add(line);
        }

        Assert.Contains(messages, line => line.StreamName.StartsWith("data-parallel-2/algo-2-", StringComparison.Ordinal) && line.Message.Contains("handed its model", StringComparison.Ordinal));
        Assert.Contains(messages, line => line.StreamName.StartsWith("data-parallel-2/algo-1-", StringComparison.Ordinal) && line.Message.Contains($"combined 2 models trained on {_trainRows} rows", StringComparison.Ordinal));
    }

    private async Task<DescribeTrainingJobResponse> TrainAsync(string name)
    {
        await _client.CreateTrainingJobAsync(new CreateTrainingJobRequest
        {
            TrainingJobName = name,
            RoleArn = "arn:aws:iam::000000000000:role/sample",
            AlgorithmSpecification = new AlgorithmSpecification { TrainingImage = _image, TrainingInputMode = TrainingInputMode.File },
            HyperParameters = new Dictionary<string, string> { ["label_column"] = "target", ["data_parallel"] = "true", ["data_parallel_timeout_seconds"] = "120" },
            InputDataConfig =
            [
                Channel("train", S3Uri.Create("sample", "data/train/"), S3DataDistribution.ShardedByS3Key),
                Channel("validation", S3Uri.Create("sample", "data/validation/"), S3DataDistribution.FullyReplicated),
            ],
            OutputDataConfig = new OutputDataConfig { S3OutputPath = "s3://sample/output" },
            ResourceConfig = new ResourceConfig { InstanceType = "ml.m5.large", InstanceCount = 2, VolumeSizeInGB = 1 },
            StoppingCondition = new StoppingCondition { MaxRuntimeInSeconds = 300 },
        });
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        while (true)
        {
            var job = await _client.DescribeTrainingJobAsync(new DescribeTrainingJobRequest { TrainingJobName = name }, timeout.Token);
            if (job.TrainingJobStatus is TrainingJobStatus.Completed or TrainingJobStatus.Failed or TrainingJobStatus.Stopped)
            {
                return job;
            }

            await Task.Delay(100, timeout.Token);
        }
    }

    private async Task<string> ModelFileAsync(DescribeTrainingJobResponse job, string fileName)
    {
        var archive = Path.Combine(_folder, $"{job.TrainingJobName}-model.tar.gz");
        await _store.DownloadFileAsync(S3Uri.Parse(job.ModelArtifacts!.S3ModelArtifacts), archive);
        await using var gzip = new GZipStream(File.OpenRead(archive), CompressionMode.Decompress);
        await using var tar = new TarReader(gzip);
        while (await tar.GetNextEntryAsync() is { } entry)
        {
            if (Path.GetFileName(entry.Name) == fileName && entry.DataStream is { } content)
            {
                using var reader = new StreamReader(content);
                return await reader.ReadToEndAsync();
            }
        }

        throw new FileNotFoundException($"{fileName} is not in {job.ModelArtifacts.S3ModelArtifacts}");
    }

    private static Channel Channel(string name, S3Uri uri, S3DataDistribution distribution) => new()
    {
        ChannelName = name,
        ContentType = "text/csv",
        DataSource = new DataSource { S3DataSource = new S3DataSource { S3DataType = S3DataType.S3Prefix, S3Uri = uri.ToString(), S3DataDistributionType = distribution } },
    };
}
