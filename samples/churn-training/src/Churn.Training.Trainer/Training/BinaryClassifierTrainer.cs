using Microsoft.ML;
using Microsoft.ML.Data;
using Churn.Training.Trainer.Contract;

namespace Churn.Training.Trainer.Training;

/// <summary>Trains a binary classifier on the train channel and evaluates it on the validation channel.</summary>
public sealed class BinaryClassifierTrainer
{
    private readonly TrainerSettings _settings;
    private readonly TextWriter _log;

    /// <summary>Creates the trainer.</summary>
    /// <param name="settings">The checked hyperparameters.</param>
    /// <param name="log">Where progress goes (the job's log).</param>
    public BinaryClassifierTrainer(TrainerSettings settings, TextWriter log)
    {
        _settings = settings;
        _log = log;
    }

    /// <summary>
    /// Trains on <c>train</c> and evaluates on <c>validation</c>; without a validation channel, a seeded share of the
    /// training rows is held out instead.
    /// </summary>
    /// <param name="paths">The contract's paths.</param>
    /// <returns>The model and its metrics.</returns>
    public TrainingResult Train(TrainingPaths paths)
    {
        var mlContext = new MLContext(_settings.Seed);
        var trainDirectory = paths.Channel("train")
            ?? throw new TrainerInputException(
                "The job has no 'train' channel: set SM_CHANNEL_TRAIN or put CSV files under input/data/train.");
        var train = TabularDataSet.Load(mlContext, "train", trainDirectory, _settings.LabelColumn);

        IDataView trainingRows;
        IDataView validationRows;
        long trainingCount;
        long validationCount;
        if (paths.Channel("validation") is { } validationDirectory)
        {
            var validation = TabularDataSet.Load(mlContext, "validation", validationDirectory, _settings.LabelColumn);
            if (!validation.FeatureNames.SequenceEqual(train.FeatureNames, StringComparer.Ordinal))
            {
                throw new TrainerInputException("Channels 'train' and 'validation' must have the same columns in the same order.");
            }

            (trainingRows, trainingCount) = (train.Data, train.RowCount);
            (validationRows, validationCount) = (validation.Data, validation.RowCount);
        }
        else
        {
            var split = mlContext.Data.TrainTestSplit(train.Data, _settings.ValidationFraction, seed: _settings.Seed);
            (trainingRows, validationRows) = (split.TrainSet, split.TestSet);
            trainingCount = Count(trainingRows);
            validationCount = Count(validationRows);
            _log.WriteLine($"no 'validation' channel: holding out {_settings.ValidationFraction:P0} of the training rows");
        }

        _log.WriteLine(
            $"training {_settings.Algorithm} on {trainingCount} rows x {train.FeatureNames.Count} features, validating on {validationCount} rows");
        var model = Pipeline(mlContext).Fit(trainingRows);
        var evaluation = mlContext.BinaryClassification.Evaluate(model.Transform(validationRows), TabularDataSet.LabelColumnName);

        var metrics = new EvaluationMetrics(
            evaluation.AreaUnderRocCurve,
            evaluation.Accuracy,
            evaluation.F1Score,
            evaluation.LogLoss,
            trainingCount,
            validationCount);
        return new TrainingResult(model, trainingRows.Schema, train.FeatureNames, metrics);
    }

    private IEstimator<ITransformer> Pipeline(MLContext mlContext)
    {
        const string label = TabularDataSet.LabelColumnName;
        const string features = TabularDataSet.FeaturesColumnName;
        return _settings.Algorithm switch
        {
            TrainerSettings.FastTree => mlContext.BinaryClassification.Trainers.FastTree(
                label,
                features,
                numberOfLeaves: _settings.NumberOfLeaves,
                numberOfTrees: _settings.NumberOfTrees,
                minimumExampleCountPerLeaf: _settings.MinimumExampleCountPerLeaf,
                learningRate: _settings.LearningRate),
            _ => mlContext.Transforms.NormalizeMeanVariance(features)
                .Append(mlContext.BinaryClassification.Trainers.LbfgsLogisticRegression(
                    new Microsoft.ML.Trainers.LbfgsLogisticRegressionBinaryTrainer.Options
                    {
                        LabelColumnName = label,
                        FeatureColumnName = features,
                        L2Regularization = _settings.L2Regularization,
                        MaximumNumberOfIterations = _settings.MaximumIterations,
                    })),
        };
    }

    private static long Count(IDataView data)
    {
        long rows = 0;
        using var cursor = data.GetRowCursor([]);
        while (cursor.MoveNext())
        {
            rows++;
        }

        return rows;
    }
}
