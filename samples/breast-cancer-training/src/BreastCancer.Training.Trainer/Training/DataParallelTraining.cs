using Microsoft.ML;
using BreastCancer.Training.Trainer.Contract;

namespace BreastCancer.Training.Trainer.Training;

/// <summary>
/// Data-parallel training over the job's hosts: each host trains on its shard of the train channel
/// (<c>ShardedByS3Key</c>), the other hosts send their models to the leader (<c>algo-1</c>), and the leader combines
/// them with its own (<see cref="ScoreAveragingMerger"/>) and evaluates the result on the validation channel.
/// </summary>
public sealed class DataParallelTraining
{
    private readonly TrainerSettings _settings;
    private readonly ClusterDescription _cluster;
    private readonly TextWriter _log;

    /// <summary>Creates the run.</summary>
    /// <param name="settings">The checked hyperparameters, with <c>data_parallel</c> on.</param>
    /// <param name="cluster">The job's hosts.</param>
    /// <param name="log">Where progress goes (this host's log).</param>
    public DataParallelTraining(TrainerSettings settings, ClusterDescription cluster, TextWriter log)
    {
        _settings = settings;
        _cluster = cluster;
        _log = log;
    }

    /// <summary>Trains this host's shard and hands it on, or, on the leader, combines every host's model.</summary>
    /// <param name="paths">The contract's paths.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>The combined model on the leader; null on the other hosts, which write no model.</returns>
    public async Task<TrainingResult?> RunAsync(TrainingPaths paths, CancellationToken cancellationToken = default)
    {
        var trainer = new BinaryClassifierTrainer(_settings, _log);
        if (paths.Channel("train") is { } trainDirectory && !Directory.EnumerateFiles(trainDirectory, "*.csv", SearchOption.AllDirectories).Any())
        {
            throw new TrainerInputException(
                $"Host {_cluster.CurrentHost} got no file of channel 'train': ShardedByS3Key deals whole S3 objects out, so split the channel into at least as many .csv files as hosts ({_cluster.Hosts.Count}).");
        }

        var data = trainer.Load(paths);
        _log.WriteLine($"data-parallel: {_cluster.CurrentHost} of {string.Join(", ", _cluster.Hosts)} trains on its shard");
        var model = trainer.Fit(data);
        if (!_cluster.IsLeader)
        {
            using var saved = new MemoryStream();
            trainer.Context.Model.Save(model, data.TrainingRows.Schema, saved);
            await ShardModelExchange.SendAsync(_cluster, new ShardModel(_cluster.CurrentHost, data.TrainingCount, data.FeatureNames, saved.ToArray()), _settings.DataParallelTimeout, _log, cancellationToken).ConfigureAwait(false);
            return null;
        }

        var others = await ShardModelExchange.ReceiveAsync(_cluster, _settings.DataParallelTimeout, _log, cancellationToken).ConfigureAwait(false);
        var models = new List<(ITransformer Model, long TrainingRows)> { (model, data.TrainingCount) };
        foreach (var other in others)
        {
            if (!other.FeatureNames.SequenceEqual(data.FeatureNames, StringComparer.Ordinal))
            {
                throw new TrainerInputException(
                    $"Host {other.Host} trained on columns {string.Join(", ", other.FeatureNames)}, not the leader's {string.Join(", ", data.FeatureNames)}: every file of channel 'train' needs the same header.");
            }

            using var stream = new MemoryStream(other.ModelZip, writable: false);
            models.Add((trainer.Context.Model.Load(stream, out _), other.TrainingRows));
        }

        var combined = ScoreAveragingMerger.Merge(trainer.Context, models, data.TrainingRows);
        var trainingRows = models.Sum(m => m.TrainingRows);
        _log.WriteLine($"data-parallel: combined {models.Count} models trained on {trainingRows} rows in all");
        return new TrainingResult(combined, data.TrainingRows.Schema, data.FeatureNames, trainer.Evaluate(combined, data, trainingRows));
    }
}
