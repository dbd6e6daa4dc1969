using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace BreastCancer.Training.Trainer.Tests;

/// <summary>
/// The hosts of a data-parallel job as local mode starts them: one job folder per host, the train channel's rows dealt
/// out round robin into one file per host (as ShardedByS3Key deals out a channel of that many files), the whole
/// validation channel on every host, and each host on its own free loopback port.
/// </summary>
public sealed class DataParallelCluster : IDisposable
{
    public DataParallelCluster(int hosts, string hyperparameters)
    {
        Names = [.. Enumerable.Range(1, hosts).Select(n => $"algo-{n}")];
        var addresses = JsonSerializer.Serialize(Names.ToDictionary(name => name, _ => $"127.0.0.1:{FreePort()}"));
        var rows = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Data", "train", "train.csv"));
        Jobs = [.. Names.Select((name, index) => new TrainingJobFolder()
            .WithChannelFile("train", $"part-{index}.csv", string.Join('\n', [rows[0], .. rows[1..].Where((_, row) => row % hosts == index)]) + "\n")
            .WithShippedChannel("validation")
            .WithHyperparameters(hyperparameters))];
        Environments = [.. Jobs.Select((job, index) => new Dictionary<string, string>(job.Environment)
        {
            ["SM_HOSTS"] = JsonSerializer.Serialize(Names),
            ["SM_CURRENT_HOST"] = Names[index],
            ["MLOPS_HOST_ADDRESSES"] = addresses,
        })];
    }

    public IReadOnlyList<string> Names { get; }

    public IReadOnlyList<TrainingJobFolder> Jobs { get; }

    public IReadOnlyList<Dictionary<string, string>> Environments { get; }

    public TrainingJobFolder Leader => Jobs[0];

    /// <summary>Runs the trainer of every host at once, as local mode and SageMaker do.</summary>
    public async Task<IReadOnlyList<(int ExitCode, string Log, string Errors)>> RunAsync(IEnumerable<int>? only = null)
    {
        var hosts = only?.ToList() ?? [.. Enumerable.Range(0, Jobs.Count)];
        return await Task.WhenAll(hosts.Select(index => Task.Run(async () =>
        {
            using var log = new StringWriter();
            using var errors = new StringWriter();
            var exitCode = await TrainerApplication.RunAsync(["train"], Environments[index], log, errors);
            return (exitCode, log.ToString(), errors.ToString());
        })));
    }

    public void Dispose()
    {
        foreach (var job in Jobs)
        {
            job.Dispose();
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
