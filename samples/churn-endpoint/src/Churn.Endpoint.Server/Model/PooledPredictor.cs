using Microsoft.ML;

namespace Churn.Endpoint.Server.Model;

/// <summary>
/// A prediction engine with its own input and output rows. ML.NET engines are not thread-safe, so each one is used by
/// one request at a time, through the pool.
/// </summary>
public sealed class PooledPredictor : IDisposable
{
    private readonly PredictionEngine<ModelInput, ModelOutput> _engine;
    private readonly ModelInput _input = new();
    private ModelOutput _output = new();

    /// <summary>Wraps an engine.</summary>
    /// <param name="engine">An engine created for this predictor alone.</param>
    public PooledPredictor(PredictionEngine<ModelInput, ModelOutput> engine)
    {
        _engine = engine;
    }

    /// <summary>Predicts one row; the row's length has been checked by the caller.</summary>
    /// <param name="features">The feature values.</param>
    /// <returns>The prediction.</returns>
    public Prediction Predict(float[] features)
    {
        _input.Features = features;
        _engine.Predict(_input, ref _output);
        return new Prediction(_output.PredictedLabel ? 1 : 0, _output.Probability, _output.Score);
    }

    /// <inheritdoc />
    public void Dispose() => _engine.Dispose();
}
