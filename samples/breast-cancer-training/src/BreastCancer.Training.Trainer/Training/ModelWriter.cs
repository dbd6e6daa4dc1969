using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using Microsoft.ML;

namespace BreastCancer.Training.Trainer.Training;

/// <summary>
/// Writes what the model folder holds (SageMaker archives it as model.tar.gz): <c>model.zip</c> (the ML.NET model),
/// <c>metrics.json</c> (metric name to value) and <c>model.json</c> (the input the model expects), and prints each metric
/// as a <c>metric: NAME=VALUE</c> line for MetricDefinitions.
/// </summary>
public static class ModelWriter
{
    /// <summary>The ML.NET model's file name inside the model folder.</summary>
    public const string ModelFileName = "model.zip";

    /// <summary>The metrics file's name inside the model folder.</summary>
    public const string MetricsFileName = "metrics.json";

    /// <summary>The model description's file name inside the model folder.</summary>
    public const string DescriptionFileName = "model.json";

    /// <summary>The time every entry of <c>model.zip</c> carries: the earliest a zip can hold (1980-01-01).</summary>
    public static readonly DateTimeOffset ModelEntryTime = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly JsonSerializerOptions IndentedJson = new() { WriteIndented = true };

    /// <summary>Writes the model folder and prints the metric lines.</summary>
    /// <param name="result">The trained model and its metrics.</param>
    /// <param name="settings">The settings it was trained with.</param>
    /// <param name="modelDirectory">The contract's model folder.</param>
    /// <param name="log">Where the metric lines go (the job's log).</param>
    /// <param name="cancellationToken">Cancels the writes.</param>
    /// <returns>A task that completes when every file is written.</returns>
    public static async Task WriteAsync(
        TrainingResult result,
        TrainerSettings settings,
        string modelDirectory,
        TextWriter log,
        CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(modelDirectory);
        var modelPath = Path.Combine(modelDirectory, ModelFileName);
        new MLContext().Model.Save(result.Model, result.InputSchema, modelPath);
        StampEntries(modelPath);

        var metrics = result.Metrics.ByName();
        foreach (var (name, value) in metrics)
        {
            log.WriteLine($"metric: {name}={value.ToString("F6", CultureInfo.InvariantCulture)}");
        }

        var metricsJson = JsonSerializer.Serialize(metrics.ToDictionary(pair => pair.Key, pair => Math.Round(pair.Value, 6)), IndentedJson);
        await File.WriteAllTextAsync(Path.Combine(modelDirectory, MetricsFileName), metricsJson + "\n", cancellationToken).ConfigureAwait(false);

        var description = new Dictionary<string, object>
        {
            ["task"] = "binary-classification",
            ["algorithm"] = settings.Algorithm,
            ["label"] = settings.LabelColumn,
            ["features"] = result.FeatureNames,
            ["trainingRows"] = result.Metrics.TrainingRows,
            ["validationRows"] = result.Metrics.ValidationRows,
        };
        var descriptionJson = JsonSerializer.Serialize(description, IndentedJson);
        await File.WriteAllTextAsync(Path.Combine(modelDirectory, DescriptionFileName), descriptionJson + "\n", cancellationToken).ConfigureAwait(false);
    }

    // ML.NET stamps every entry with the time of the save, so the same data and settings gave another model.tar.gz,
    // and another release zip, on every run; with one fixed time the model's bytes depend on its inputs alone.
    private static void StampEntries(string modelPath)
    {
        using var archive = ZipFile.Open(modelPath, ZipArchiveMode.Update);
        foreach (var entry in archive.Entries)
        {
            entry.LastWriteTime = ModelEntryTime;
        }
    }
}
