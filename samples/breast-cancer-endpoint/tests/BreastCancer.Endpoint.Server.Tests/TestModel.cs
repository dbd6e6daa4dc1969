using Microsoft.ML;
using Microsoft.ML.Data;

namespace BreastCancer.Endpoint.Server.Tests;

/// <summary>
/// A small binary classifier trained in the test itself, saved the way the training project saves its models:
/// model.zip taking a fixed-length Features vector. Label: x0 + x1 > 1.
/// </summary>
public static class TestModel
{
    public const int FeatureCount = 4;

    /// <summary>Trains the model and writes model.zip into a new temp folder; returns the folder.</summary>
    public static string CreateModelDirectory()
    {
        var directory = Directory.CreateTempSubdirectory("endpoint-model-").FullName;
        var random = new Random(7);
        var rows = Enumerable.Range(0, 400).Select(_ =>
        {
            var features = Enumerable.Range(0, FeatureCount).Select(_ => (float)random.NextDouble()).ToArray();
            return new Row { Features = features, Label = features[0] + features[1] > 1f };
        }).ToList();

        var mlContext = new MLContext(seed: 7);
        var data = mlContext.Data.LoadFromEnumerable(rows);
        var model = mlContext.BinaryClassification.Trainers.LbfgsLogisticRegression().Fit(data);
        mlContext.Model.Save(model, data.Schema, Path.Combine(directory, "model.zip"));
        return directory;
    }

    private sealed class Row
    {
        [VectorType(FeatureCount)]
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }
    }
}
