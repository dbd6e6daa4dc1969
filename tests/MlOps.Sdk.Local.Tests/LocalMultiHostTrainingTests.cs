using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;
using MlOps.Sdk.Local;
using MlOps.Sdk.SageMaker;
using MlOps.Sdk.Storage;

namespace MlOps.Sdk.Tests.Local;

public sealed class LocalMultiHostTrainingTests : IAsyncLifetime
{
    private const int ObjectCount = 10;
    private readonly LocalTestHome home = new();
    private string image = string.Empty;
    private S3Uri data = S3Uri.Create(LocalTestHome.Bucket);

    public async Task InitializeAsync()
    {
        image = await home.RegisterTrainerAsync();
        data = S3Uri.Create(LocalTestHome.Bucket, "data/parts/");
        for (var i = 0; i < ObjectCount; i++)
        {
            var file = Path.Combine(home.Home, $"part-{i:D2}.csv");
            await File.WriteAllTextAsync(file, $"{i},{2 * i}\n");
            await home.Store.UploadFileAsync(file, data.Append($"part-{i:D2}.csv"));
        }
    }

    public async Task DisposeAsync() => await home.DisposeAsync();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public async Task CreateTrainingJob_ShardedByS3Key_ShardsAreDisjointAndComplete(int hosts)
    {
        var job = await TrainAsync($"shards-{hosts}", hosts, S3DataDistribution.ShardedByS3Key);

        var files = await FilesByHostAsync(job);

        Assert.Equal(TrainingJobStatus.Completed, job.TrainingJobStatus);
        Assert.Equal(hosts, files.Count);
        var all = files.Values.SelectMany(f => f).ToList();
        Assert.Equal(all.Count, all.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(Enumerable.Range(0, ObjectCount).Select(i => $"part-{i:D2}.csv"), all.Order(StringComparer.Ordinal));
        Assert.All(files.Values, shard => Assert.InRange(shard.Count, ObjectCount / hosts, (ObjectCount + hosts - 1) / hosts));
    }

    [Fact]
    public async Task CreateTrainingJob_FullyReplicatedOnFourHosts_EveryHostGetsEveryObject()
    {
        var job = await TrainAsync("replicated-4", 4, S3DataDistribution.FullyReplicated);

        var files = await FilesByHostAsync(job);

        Assert.Equal(4, files.Count);
        Assert.All(files.Values, shard => Assert.Equal(ObjectCount, shard.Count));
    }

    [Fact]
    public async Task CreateTrainingJob_FourHosts_EveryHostSeesTheSameClusterDescription()
    {
        var job = await TrainAsync("cluster-4", 4, S3DataDistribution.ShardedByS3Key);

        var lines = await LinesByHostAsync(job);
        var descriptions = lines.Values.Select(l => Assert.Single(l, line => line.StartsWith("cluster=", StringComparison.Ordinal))).ToList();
        var configs = lines.Values.Select(l => Assert.Single(l, line => line.StartsWith("resourceconfig=", StringComparison.Ordinal))).ToList();

        Assert.Equal(4, descriptions.Count);
        Assert.Single(descriptions.Distinct(StringComparer.Ordinal));
        Assert.StartsWith("cluster=[\"algo-1\",\"algo-2\",\"algo-3\",\"algo-4\"] group=[\"algo-1\",\"algo-2\",\"algo-3\",\"algo-4\"]", descriptions[0], StringComparison.Ordinal);
        var addresses = JsonSerializer.Deserialize<Dictionary<string, string>>(descriptions[0][(descriptions[0].IndexOf("addresses=", StringComparison.Ordinal) + "addresses=".Length)..])!;
        Assert.Equal(4, addresses.Values.Distinct(StringComparer.Ordinal).Count());
        Assert.All(addresses.Values, a => Assert.StartsWith("127.0.0.1:", a, StringComparison.Ordinal));
        var currentHosts = configs.Select(c => JsonDocument.Parse(c["resourceconfig=".Length..]).RootElement.GetProperty("current_host").GetString()).Order(StringComparer.Ordinal);
        Assert.Equal(["algo-1", "algo-2", "algo-3", "algo-4"], currentHosts);
        Assert.All(configs, c => Assert.Contains("\"hosts\":[\"algo-1\",\"algo-2\",\"algo-3\",\"algo-4\"]", c, StringComparison.Ordinal));
    }

    [Fact]
    public async Task CreateTrainingJob_FourHosts_ModelComesFromAlgo1()
    {
        var job = await TrainAsync("leader-4", 4, S3DataDistribution.ShardedByS3Key);

        var archive = home.Store.GetLocalPath(S3Uri.Parse(job.ModelArtifacts.S3ModelArtifacts));

        Assert.Equal("{\"weight\": 1}", ReadModelJson(archive));
    }

    [Fact]
    public async Task CreateTrainingJob_ThreeWorkers_EachReachesTheLeaderThroughItsPort()
    {
        var job = await TrainAsync("peers-4", 4, S3DataDistribution.FullyReplicated, mode: "peers");

        var leaderLines = (await LinesByHostAsync(job)).Single(h => h.Key.Contains("/algo-1-", StringComparison.Ordinal)).Value;

        Assert.Equal(TrainingJobStatus.Completed, job.TrainingJobStatus);
        Assert.Equal(["peer-said=hello from algo-2", "peer-said=hello from algo-3", "peer-said=hello from algo-4"], leaderLines.Where(l => l.StartsWith("peer-said=", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task CreateTrainingJob_HostThreeFails_JobFailsWithThatHostsReasonAndEndsTheOthers()
    {
        var request = Request("fail-3", 4, S3DataDistribution.FullyReplicated, mode: "failon");
        await home.Client.CreateTrainingJobAsync(request with { HyperParameters = new Dictionary<string, string>(request.HyperParameters!) { ["fail_host"] = "algo-3" } });

        var job = await home.WaitForTrainingAsync("fail-3");

        Assert.Equal(TrainingJobStatus.Failed, job.TrainingJobStatus);
        Assert.Equal("AlgorithmError: host algo-3: disk full on algo-3", job.FailureReason);
        Assert.All(Enumerable.Range(1, 4), i => Assert.True(File.Exists(Path.Combine(JobFolder("fail-3"), $"algo-{i}", "exit_code")), $"algo-{i} has not ended"));
        Assert.All(TrainerPids("fail-3"), pid => Assert.False(Directory.Exists($"/proc/{pid}"), $"trainer {pid} still runs"));
    }

    [Fact]
    public async Task StopTrainingJob_FourHosts_EndsEveryHost()
    {
        await home.Client.CreateTrainingJobAsync(Request("stop-4", 4, S3DataDistribution.FullyReplicated, mode: "hang"));
        await WaitUntilAsync(() => Enumerable.Range(1, 4).All(i => File.Exists(Path.Combine(JobFolder("stop-4"), $"algo-{i}", "child.pid"))));

        await home.Client.StopTrainingJobAsync(new StopTrainingJobRequest { TrainingJobName = "stop-4" });
        var job = await home.WaitForTrainingAsync("stop-4");

        Assert.Equal(TrainingJobStatus.Stopped, job.TrainingJobStatus);
        Assert.All(Enumerable.Range(1, 4), i => Assert.True(File.Exists(Path.Combine(JobFolder("stop-4"), $"algo-{i}", "exit_code")), $"algo-{i} has not ended"));
    }

    [Fact]
    public async Task StopTrainingJob_TrainersIgnoreSigterm_AreKilledAfterTheGracePeriod()
    {
        await home.Client.CreateTrainingJobAsync(Request("stubborn-2", 2, S3DataDistribution.FullyReplicated, mode: "stubborn"));
        await WaitUntilAsync(() => Enumerable.Range(1, 2).All(i => File.Exists(Path.Combine(JobFolder("stubborn-2"), $"algo-{i}", "opt", "ml", "sigterm_ignored"))));

        await home.Client.StopTrainingJobAsync(new StopTrainingJobRequest { TrainingJobName = "stubborn-2" });
        var job = await home.WaitForTrainingAsync("stubborn-2");

        Assert.Equal(TrainingJobStatus.Stopped, job.TrainingJobStatus);
        Assert.All(Enumerable.Range(1, 2), i => Assert.Equal("137", File.ReadAllText(Path.Combine(JobFolder("stubborn-2"), $"algo-{i}", "exit_code")).Trim()));
    }

    [Fact]
    public async Task CreateTrainingJob_MoreInstancesThanLocalLimit_ThrowsResourceLimitExceededBeforeAnySideEffect()
    {
        var error = await Assert.ThrowsAsync<MlOpsException>(() => home.Client.CreateTrainingJobAsync(Request("too-many", 9, S3DataDistribution.FullyReplicated)));

        Assert.Equal("ResourceLimitExceeded", error.ErrorCode);
        Assert.Contains("MaxTrainingInstanceCount", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(JobFolder("too-many")));
        await Assert.ThrowsAsync<MlOpsException>(() => home.Client.DescribeTrainingJobAsync(new DescribeTrainingJobRequest { TrainingJobName = "too-many" }));
    }

    private static string ReadModelJson(string archive)
    {
        using var file = File.OpenRead(archive);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        while (tar.GetNextEntry() is { } entry)
        {
            if (entry.Name == "model.json")
            {
                using var reader = new StreamReader(entry.DataStream!);
                return reader.ReadToEnd().Trim();
            }
        }

        throw new InvalidDataException("model.json is not in the archive");
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 600 && !condition(); i++)
        {
            await Task.Delay(100);
        }

        Assert.True(condition(), "the condition did not hold within 60 s");
    }

    private string JobFolder(string job) => Path.Combine(home.Home, "training-jobs", job);

    private IEnumerable<int> TrainerPids(string job) =>
        Directory.EnumerateFiles(JobFolder(job), "trainer.pid", SearchOption.AllDirectories).Select(f => int.Parse(File.ReadAllText(f).Trim(), System.Globalization.CultureInfo.InvariantCulture));

    private CreateTrainingJobRequest Request(string name, int hosts, S3DataDistribution distribution, string mode = "shards")
    {
        var request = home.TrainingRequest(name, image, data, mode);
        return request with
        {
            ResourceConfig = request.ResourceConfig! with { InstanceCount = hosts },
            InputDataConfig = [request.InputDataConfig![0] with
            {
                DataSource = new DataSource { S3DataSource = new S3DataSource { S3DataType = S3DataType.S3Prefix, S3Uri = data.ToString(), S3DataDistributionType = distribution } },
            }],
        };
    }

    private async Task<DescribeTrainingJobResponse> TrainAsync(string name, int hosts, S3DataDistribution distribution, string mode = "shards")
    {
        await home.Client.CreateTrainingJobAsync(Request(name, hosts, distribution, mode));
        return await home.WaitForTrainingAsync(name);
    }

    private async Task<Dictionary<string, List<string>>> LinesByHostAsync(DescribeTrainingJobResponse job)
    {
        var lines = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        await foreach (var e in home.Logs.GetTrainingJobLogEventsAsync(job.TrainingJobName))
        {
            if (!lines.TryGetValue(e.StreamName, out var list))
            {
                lines[e.StreamName] = list = [];
            }

            list.Add(e.Message);
        }

        return lines;
    }

    private async Task<Dictionary<string, List<string>>> FilesByHostAsync(DescribeTrainingJobResponse job) =>
        (await LinesByHostAsync(job)).ToDictionary(
            h => h.Key,
            h => h.Value.Where(l => l.StartsWith("shard-file=", StringComparison.Ordinal)).Select(l => l["shard-file=".Length..]).ToList(),
            StringComparer.Ordinal);
}
