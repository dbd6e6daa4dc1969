using Microsoft.ML;

namespace BreastCancer.Training.Trainer.Training;

/// <summary>A trained model, the schema it takes, and how well it did.</summary>
/// <param name="Model">The fitted pipeline.</param>
/// <param name="InputSchema">The schema of the rows it was trained on.</param>
/// <param name="FeatureNames">The feature columns, in the order the model expects them.</param>
/// <param name="Metrics">Its metrics on the validation rows.</param>
public sealed record TrainingResult(ITransformer Model, DataViewSchema InputSchema, IReadOnlyList<string> FeatureNames, EvaluationMetrics Metrics);
