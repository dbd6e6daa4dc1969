using Microsoft.ML;

namespace BreastCancer.Training.Trainer.Training;

/// <summary>The rows a host trains and validates on.</summary>
/// <param name="TrainingRows">The rows to fit on: the train channel, or its share that is not held out.</param>
/// <param name="TrainingCount">How many they are.</param>
/// <param name="ValidationRows">The rows to evaluate on: the validation channel, or the held-out share.</param>
/// <param name="ValidationCount">How many they are.</param>
/// <param name="FeatureNames">The feature columns, in order.</param>
public sealed record TrainingData(IDataView TrainingRows, long TrainingCount, IDataView ValidationRows, long ValidationCount, IReadOnlyList<string> FeatureNames);
