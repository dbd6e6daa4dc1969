using System.Globalization;
using System.Text.Json;
using Microsoft.ML;

namespace Churn.Training.Trainer.Training;

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
        new MLContext().Model.Save(result.Model, result.InputSchema, Path.Combine(modelDirectory, ModelFileName));

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
}
