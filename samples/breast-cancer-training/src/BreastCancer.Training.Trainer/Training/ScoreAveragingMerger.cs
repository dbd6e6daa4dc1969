using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace BreastCancer.Training.Trainer.Training;

/// <summary>
/// Combines the hosts' logistic-regression models into one: its score is the average of theirs, weighted by their
/// shards' row counts, and its probability the sigmoid of that score. Each host's model is linear in the raw features
/// (its normaliser only scales them), so the averaged score is exactly the linear model whose weights and bias are the
/// weighted averages of the hosts' (one-shot parameter averaging). The combined model is one ML.NET model with the
/// usual <c>Score</c>, <c>Probability</c> and <c>PredictedLabel</c> columns, so the endpoint serves it unchanged.
/// </summary>
public static class ScoreAveragingMerger
{
    // ML.NET's binary-classification output columns, which the endpoint reads.
    private const string Score = "Score";
    private const string Probability = "Probability";
    private const string PredictedLabel = "PredictedLabel";

    /// <summary>Builds the combined model.</summary>
    /// <param name="mlContext">The trainer's context.</param>
    /// <param name="models">Each host's model (a normaliser into its own column and a logistic regression) and its shard's row count.</param>
    /// <param name="sample">Rows with the models' input schema (any shard), to fit the combining columns on.</param>
    /// <returns>The combined model, which takes the same input as each host's.</returns>
    public static ITransformer Merge(MLContext mlContext, IReadOnlyList<(ITransformer Model, long TrainingRows)> models, IDataView sample)
    {
        ArgumentOutOfRangeException.ThrowIfZero(models.Count);
        var total = (double)models.Sum(model => model.TrainingRows);
        var parts = new List<ITransformer>();
        var scoreColumns = new List<string>();
        var data = sample;
        for (var index = 0; index < models.Count; index++)
        {
            // Each host's model writes Score, Probability and PredictedLabel; its score is kept under a name of its own
            // before the next model overwrites them.
            var scored = models[index].Model.Transform(data);
            var column = $"HostScore{index + 1}";
            var keep = mlContext.Transforms.CopyColumns(column, Score).Fit(scored);
            parts.Add(models[index].Model);
            parts.Add(keep);
            scoreColumns.Add(column);
            data = keep.Transform(scored);
        }

        var parameters = string.Join(", ", scoreColumns.Select((_, index) => $"s{index}"));
        var weightedSum = string.Join(" + ", models.Select((model, index) => $"{Number(model.TrainingRows / total)} * s{index}"));
        var combine = mlContext.Transforms.Expression(Score, $"({parameters}) => {weightedSum}", [.. scoreColumns])
            .Append(mlContext.Transforms.Expression(Probability, "s => 1 / (1 + exp(-s))", Score))
            .Append(mlContext.Transforms.Expression(PredictedLabel, "s => s > 0", Score))
            .Fit(data);
        parts.Add(combine);
        return new TransformerChain<ITransformer>([.. parts]);
    }

    private static string Number(double value) => value.ToString("0.0###############", CultureInfo.InvariantCulture);
}
