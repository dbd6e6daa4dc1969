using Microsoft.Extensions.ObjectPool;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace BreastCancer.Endpoint.Server.Model;

/// <summary>A model loaded once, shared by every request; predictions go through a pool of engines.</summary>
public sealed class LoadedModel
{
    /// <summary>The ML.NET model's file name in the model folder, as the training project writes it.</summary>
    public const string ModelFileName = "model.zip";

    private readonly ObjectPool<PooledPredictor> _predictors;

    private LoadedModel(int featureCount, ObjectPool<PooledPredictor> predictors)
    {
        FeatureCount = featureCount;
        _predictors = predictors;
    }

    /// <summary>How many features each row must have.</summary>
    public int FeatureCount { get; }

    /// <summary>
    /// Loads <c>model.zip</c> (or the folder's only <c>.zip</c>) and checks that the model takes a <c>Features</c> vector
    /// of fixed length and gives a binary classifier's columns.
    /// </summary>
    /// <param name="modelDirectory">The folder the model was extracted into.</param>
    /// <returns>The loaded model.</returns>
    /// <exception cref="InvalidOperationException">No model, or a model this server cannot serve; the message says which.</exception>
    public static LoadedModel Load(string modelDirectory)
    {
        var path = FindModelFile(modelDirectory);
        var mlContext = new MLContext();
        var model = mlContext.Model.Load(path, out var inputSchema);

        var featuresColumn = inputSchema.GetColumnOrNull(nameof(ModelInput.Features));
        if (featuresColumn?.Type is not VectorDataViewType { IsKnownSize: true, ItemType: NumberDataViewType } vector
            || vector.ItemType != NumberDataViewType.Single)
        {
            throw new InvalidOperationException(
                $"{path} must take a fixed-length Single vector column named 'Features', as the training project's models do.");
        }

        var policy = new PredictorPoolPolicy(mlContext, model, vector.Size);
        var pool = new DefaultObjectPool<PooledPredictor>(policy, Environment.ProcessorCount * 2);
        var loaded = new LoadedModel(vector.Size, pool);

        // One prediction now: a model without a classifier's outputs fails here, at start-up, not on the first request.
        loaded.Predict(new float[vector.Size]);
        return loaded;
    }

    /// <summary>Predicts one row. Thread-safe.</summary>
    /// <param name="features">Exactly <see cref="FeatureCount"/> values.</param>
    /// <returns>The prediction.</returns>
    public Prediction Predict(ReadOnlySpan<float> features)
    {
        var predictor = _predictors.Get();
        try
        {
            return predictor.Predict(features);
        }
        finally
        {
            _predictors.Return(predictor);
        }
    }

    private static string FindModelFile(string modelDirectory)
    {
        if (!Directory.Exists(modelDirectory))
        {
            throw new InvalidOperationException($"The model folder {modelDirectory} does not exist (set SM_MODEL_DIR).");
        }

        var preferred = Path.Combine(modelDirectory, ModelFileName);
        if (File.Exists(preferred))
        {
            return preferred;
        }

        var zips = Directory.GetFiles(modelDirectory, "*.zip");
        return zips.Length == 1
            ? zips[0]
            : throw new InvalidOperationException(
                $"The model folder {modelDirectory} must hold {ModelFileName} (or exactly one .zip); it holds {zips.Length} .zip files.");
    }
}
