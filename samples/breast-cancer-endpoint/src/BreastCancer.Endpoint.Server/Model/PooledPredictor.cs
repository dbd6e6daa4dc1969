using Microsoft.ML;

namespace BreastCancer.Endpoint.Server.Model;

/// <summary>
/// A prediction engine with its own input and output rows. ML.NET engines are not thread-safe, so each one is used by
/// one request at a time, through the pool.
/// </summary>
public sealed class PooledPredictor : IDisposable
{
    private readonly PredictionEngine<ModelInput, ModelOutput> _engine;
    private readonly ModelInput _input;
    private ModelOutput _output = new();

    /// <summary>Wraps an engine.</summary>
    /// <param name="engine">An engine created for this predictor alone.</param>
    /// <param name="featureCount">The length of the model's Features vector.</param>
    public PooledPredictor(PredictionEngine<ModelInput, ModelOutput> engine, int featureCount)
    {
        _engine = engine;
        _input = new ModelInput { Features = new float[featureCount] };
    }

    /// <summary>Predicts one row; the row's length has been checked by the caller.</summary>
    /// <param name="features">The feature values, copied into this predictor's own input row.</param>
    /// <returns>The prediction.</returns>
    public Prediction Predict(ReadOnlySpan<float> features)
    {
        features.CopyTo(_input.Features);
        _engine.Predict(_input, ref _output);
        return new Prediction(_output.PredictedLabel ? 1 : 0, _output.Probability, _output.Score);
    }

    /// <inheritdoc />
    public void Dispose() => _engine.Dispose();
}
