using Microsoft.ML;
using Microsoft.ML.Data;
using BreastCancer.Training.Trainer.Contract;

namespace BreastCancer.Training.Trainer.Training;

/// <summary>Trains a binary classifier on the train channel and evaluates it on the validation channel.</summary>
public sealed class BinaryClassifierTrainer
{
    private readonly TrainerSettings _settings;
    private readonly TextWriter _log;
    private readonly MLContext _mlContext;

    /// <summary>Creates the trainer.</summary>
    /// <param name="settings">The checked hyperparameters.</param>
    /// <param name="log">Where progress goes (the job's log).</param>
    public BinaryClassifierTrainer(TrainerSettings settings, TextWriter log)
    {
        _settings = settings;
        _log = log;
        _mlContext = new MLContext(settings.Seed);
    }

    /// <summary>The ML.NET context every model of this trainer belongs to.</summary>
    public MLContext Context => _mlContext;

    /// <summary>The column the normaliser writes, so that the raw <c>Features</c> stay for the next model of a combined one.</summary>
    public const string NormalizedFeaturesColumnName = "NormalizedFeatures";

    /// <summary>
    /// Trains on <c>train</c> and evaluates on <c>validation</c>; without a validation channel, a seeded share of the
    /// training rows is held out instead.
    /// </summary>
    /// <param name="paths">The contract's paths.</param>
    /// <returns>The model and its metrics.</returns>
    public TrainingResult Train(TrainingPaths paths)
    {
        var data = Load(paths);
        var model = Fit(data);
        return new TrainingResult(model, data.TrainingRows.Schema, data.FeatureNames, Evaluate(model, data, data.TrainingCount));
    }

    /// <summary>Loads the channels and settles which rows train and which validate.</summary>
    /// <param name="paths">The contract's paths.</param>
    /// <returns>The rows.</returns>
    public TrainingData Load(TrainingPaths paths)
    {
        var trainDirectory = paths.Channel("train")
            ?? throw new TrainerInputException(
                "The job has no 'train' channel: set SM_CHANNEL_TRAIN or put CSV files under input/data/train.");
        var train = TabularDataSet.Load(_mlContext, "train", trainDirectory, _settings.LabelColumn);
        if (paths.Channel("validation") is { } validationDirectory)
        {
            var validation = TabularDataSet.Load(_mlContext, "validation", validationDirectory, _settings.LabelColumn);
            if (!validation.FeatureNames.SequenceEqual(train.FeatureNames, StringComparer.Ordinal))
            {
                throw new TrainerInputException("Channels 'train' and 'validation' must have the same columns in the same order.");
            }

            return new TrainingData(train.Data, train.RowCount, validation.Data, validation.RowCount, train.FeatureNames);
        }

        var split = _mlContext.Data.TrainTestSplit(train.Data, _settings.ValidationFraction, seed: _settings.Seed);
        _log.WriteLine($"no 'validation' channel: holding out {_settings.ValidationFraction:P0} of the training rows");
        return new TrainingData(split.TrainSet, Count(split.TrainSet), split.TestSet, Count(split.TestSet), train.FeatureNames);
    }

    /// <summary>Fits the model on the training rows.</summary>
    /// <param name="data">The rows.</param>
    /// <returns>The model.</returns>
    public ITransformer Fit(TrainingData data)
    {
        _log.WriteLine(
            $"training {_settings.Algorithm} on {data.TrainingCount} rows x {data.FeatureNames.Count} features, validating on {data.ValidationCount} rows");
        return Pipeline(_mlContext).Fit(data.TrainingRows);
    }

    /// <summary>Evaluates a model on the validation rows.</summary>
    /// <param name="model">The model, this trainer's or a combination of several.</param>
    /// <param name="data">The rows.</param>
    /// <param name="trainingRows">How many rows the model was trained on, over every host.</param>
    /// <returns>The metrics.</returns>
    public EvaluationMetrics Evaluate(ITransformer model, TrainingData data, long trainingRows)
    {
        var evaluation = _mlContext.BinaryClassification.Evaluate(model.Transform(data.ValidationRows), TabularDataSet.LabelColumnName);
        return new EvaluationMetrics(
            evaluation.AreaUnderRocCurve,
            evaluation.Accuracy,
            evaluation.F1Score,
            evaluation.LogLoss,
            trainingRows,
            data.ValidationCount);
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
            _ => mlContext.Transforms.NormalizeMeanVariance(NormalizedFeaturesColumnName, features)
                .Append(mlContext.BinaryClassification.Trainers.LbfgsLogisticRegression(
                    new Microsoft.ML.Trainers.LbfgsLogisticRegressionBinaryTrainer.Options
                    {
                        LabelColumnName = label,
                        FeatureColumnName = NormalizedFeaturesColumnName,
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
