using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;
using MlOps.Sdk.Local;
using MlOps.Sdk.SageMaker;
using MlOps.Sdk.Storage;

// Multi-host training benchmark (issue 19), driven by bench/training/run.sh:
//   <published trainer folder> <data folder with train/ and validation/> <work folder> <rounds>
// Each round times, one after the other so all see the same machine load: the trainer run bare (one process, the
// SageMaker folder layout prepared by hand), then local-mode training jobs of 1, 2 and 4 hosts on the same data, the
// train channel ShardedByS3Key over 4 part files and validation FullyReplicated, data_parallel on (each host trains its
// shard and algo-1 combines the models; one host ignores it). A job is timed from
// CreateTrainingJob to Completed, as a pipeline waits for it.
if (args is not [var trainer, var dataFolder, var work, var roundsText])
{
    Console.Error.WriteLine("usage: <published trainer folder> <data folder> <work folder> <rounds>");
    return 2;
}

var rounds = int.Parse(roundsText, CultureInfo.InvariantCulture);
int[] hostCounts = [1, 2, 4];
var options = Options.Create(new LocalOptions { Home = Path.Combine(work, "home") });
var client = new LocalSageMakerClient(options);
var store = new LocalArtifactStore(options);
var image = (await new LocalImageRegistry(options).RegisterAsync("bench/trainer", "v1", trainer, ["dotnet", "MlOpsTraining.Trainer.dll"])).ImageUri;
var train = S3Uri.Create("bench", "data/train/");
var validation = S3Uri.Create("bench", "data/validation/");
await UploadPartsAsync(Path.Combine(dataFolder, "train", "train.csv"), train, parts: 4);
await store.UploadDirectoryAsync(Path.Combine(dataFolder, "validation"), validation);

var bare = new List<double>();
var jobs = hostCounts.ToDictionary(n => n, _ => new List<double>());
for (var round = 1; round <= rounds; round++)
{
    bare.Add(await TimeBareAsync(round));
    foreach (var hosts in hostCounts)
    {
        jobs[hosts].Add(await TimeJobAsync($"bench-{hosts}-hosts-{round}", hosts));
    }

    Console.WriteLine($"round {round}: bare {bare[^1]:F2} s, " + string.Join(", ", hostCounts.Select(n => $"{n} host(s) {jobs[n][^1]:F2} s")));
}

var bareMedian = Median(bare);
Console.WriteLine($"bare trainer (one process, whole train channel): median {bareMedian:F2} s");
foreach (var hosts in hostCounts)
{
    var median = Median(jobs[hosts]);
    Console.WriteLine($"local job, {hosts} host(s), train sharded 4 ways: median {median:F2} s = {median / bareMedian:F2}x bare");
}

return 0;

async Task UploadPartsAsync(string csv, S3Uri prefix, int parts)
{
    var lines = await File.ReadAllLinesAsync(csv);
    var rows = lines[1..];
    for (var part = 0; part < parts; part++)
    {
        var file = Path.Combine(work, $"train-part-{part}.csv");
        await File.WriteAllLinesAsync(file, [lines[0], .. rows.Where((_, i) => i % parts == part)]);
        await store.UploadFileAsync(file, prefix.Append($"part-{part}.csv"));
    }
}

async Task<double> TimeBareAsync(int round)
{
    var baseDir = Path.Combine(work, $"bare-{round}");
    var data = Path.Combine(baseDir, "input", "data");
    Directory.CreateDirectory(Path.Combine(data, "train"));
    File.Copy(Path.Combine(dataFolder, "train", "train.csv"), Path.Combine(data, "train", "train.csv"));
    Directory.CreateDirectory(Path.Combine(baseDir, "input", "config"));
    await File.WriteAllTextAsync(Path.Combine(baseDir, "input", "config", "hyperparameters.json"), "{\"label_column\": \"target\"}");
    Directory.CreateDirectory(Path.Combine(data, "validation"));
    File.Copy(Path.Combine(dataFolder, "validation", "validation.csv"), Path.Combine(data, "validation", "validation.csv"));
    var start = new ProcessStartInfo("dotnet", [Path.Combine(trainer, "MlOpsTraining.Trainer.dll"), "train"]) { RedirectStandardOutput = true };
    start.Environment["SAGEMAKER_BASE_DIR"] = baseDir;
    var watch = Stopwatch.StartNew();
    using var process = Process.Start(start)!;
    await process.StandardOutput.ReadToEndAsync();
    await process.WaitForExitAsync();
    watch.Stop();
    if (process.ExitCode != 0)
    {
        throw new InvalidOperationException($"the bare trainer exited with {process.ExitCode}");
    }

    return watch.Elapsed.TotalSeconds;
}

async Task<double> TimeJobAsync(string name, int hosts)
{
    var watch = Stopwatch.StartNew();
    await client.CreateTrainingJobAsync(new CreateTrainingJobRequest
    {
        TrainingJobName = name,
        RoleArn = "arn:aws:iam::000000000000:role/bench",
        AlgorithmSpecification = new AlgorithmSpecification { TrainingImage = image, TrainingInputMode = TrainingInputMode.File },
        HyperParameters = new Dictionary<string, string> { ["label_column"] = "target", ["data_parallel"] = "true" },
        InputDataConfig =
        [
            Channel("train", train, S3DataDistribution.ShardedByS3Key),
            Channel("validation", validation, S3DataDistribution.FullyReplicated),
        ],
        OutputDataConfig = new OutputDataConfig { S3OutputPath = "s3://bench/output" },
        ResourceConfig = new ResourceConfig { InstanceType = "ml.m5.large", InstanceCount = hosts, VolumeSizeInGB = 1 },
        StoppingCondition = new StoppingCondition { MaxRuntimeInSeconds = 600 },
    });
    while (true)
    {
        var job = await client.DescribeTrainingJobAsync(new DescribeTrainingJobRequest { TrainingJobName = name });
        if (job.TrainingJobStatus == TrainingJobStatus.Completed)
        {
            return watch.Elapsed.TotalSeconds;
        }

        if (job.TrainingJobStatus is TrainingJobStatus.Failed or TrainingJobStatus.Stopped)
        {
            throw new InvalidOperationException($"{name} ended {job.TrainingJobStatus}: {job.FailureReason}");
        }

        await Task.Delay(20);
    }
}

static Channel Channel(string name, S3Uri uri, S3DataDistribution distribution) => new()
{
    ChannelName = name,
    ContentType = "text/csv",
    DataSource = new DataSource { S3DataSource = new S3DataSource { S3DataType = S3DataType.S3Prefix, S3Uri = uri.ToString(), S3DataDistributionType = distribution } },
};

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
}
