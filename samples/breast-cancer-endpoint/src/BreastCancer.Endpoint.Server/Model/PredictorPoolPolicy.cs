using Microsoft.Extensions.ObjectPool;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace BreastCancer.Endpoint.Server.Model;

/// <summary>Creates prediction engines for one loaded model, with the model's feature-vector length.</summary>
public sealed class PredictorPoolPolicy : IPooledObjectPolicy<PooledPredictor>
{
    private readonly MLContext _mlContext;
    private readonly ITransformer _model;
    private readonly SchemaDefinition _inputSchema;
    private readonly int _featureCount;

    /// <summary>Creates the policy.</summary>
    /// <param name="mlContext">The context the model was loaded with.</param>
    /// <param name="model">The loaded model.</param>
    /// <param name="featureCount">The length of the model's Features vector.</param>
    public PredictorPoolPolicy(MLContext mlContext, ITransformer model, int featureCount)
    {
        _mlContext = mlContext;
        _model = model;
        _featureCount = featureCount;
        _inputSchema = SchemaDefinition.Create(typeof(ModelInput));
        _inputSchema[nameof(ModelInput.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, featureCount);
    }

    /// <inheritdoc />
    public PooledPredictor Create() =>
        new(_mlContext.Model.CreatePredictionEngine<ModelInput, ModelOutput>(_model, inputSchemaDefinition: _inputSchema), _featureCount);

    /// <inheritdoc />
    public bool Return(PooledPredictor obj) => true;
}
