using BreastCancer.Training.Trainer.Contract;

namespace BreastCancer.Training.Trainer.Training;

/// <summary>The hyperparameters this trainer understands, parsed and checked, with their defaults.</summary>
/// <param name="Algorithm"><c>lbfgs</c> (logistic regression) or <c>fasttree</c> (gradient-boosted trees).</param>
/// <param name="LabelColumn">The CSV column that holds the 0/1 label.</param>
/// <param name="Seed">Seed for every random choice, so a run can be repeated.</param>
/// <param name="MaximumIterations">L-BFGS: the most iterations.</param>
/// <param name="L2Regularization">L-BFGS: the L2 weight.</param>
/// <param name="NumberOfTrees">FastTree: how many trees.</param>
/// <param name="NumberOfLeaves">FastTree: leaves per tree.</param>
/// <param name="MinimumExampleCountPerLeaf">FastTree: the fewest rows in a leaf.</param>
/// <param name="LearningRate">FastTree: the shrinkage.</param>
/// <param name="ValidationFraction">Share of the training rows held out when the job has no validation channel.</param>
/// <param name="DataParallel">
/// With several hosts: each trains on its shard and the first host combines the models (<c>data_parallel</c>).
/// </param>
/// <param name="DataParallelTimeout">How long the hosts wait for each other's models (<c>data_parallel_timeout_seconds</c>).</param>
public sealed record TrainerSettings(
    string Algorithm,
    string LabelColumn,
    int Seed,
    int MaximumIterations,
    float L2Regularization,
    int NumberOfTrees,
    int NumberOfLeaves,
    int MinimumExampleCountPerLeaf,
    float LearningRate,
    float ValidationFraction,
    bool DataParallel,
    TimeSpan DataParallelTimeout)
{
    /// <summary>Logistic regression trained with L-BFGS.</summary>
    public const string Lbfgs = "lbfgs";

    /// <summary>Gradient-boosted decision trees.</summary>
    public const string FastTree = "fasttree";

    /// <summary>Reads the settings from the hyperparameters; missing ones take their defaults.</summary>
    /// <param name="hyperparameters">The job's hyperparameters.</param>
    /// <returns>The settings.</returns>
    /// <exception cref="TrainerInputException">A value breaks its rule, or <c>data_parallel</c> is asked of an algorithm whose models cannot be averaged.</exception>
    public static TrainerSettings From(Hyperparameters hyperparameters)
    {
        var settings = Read(hyperparameters);
        return settings is { DataParallel: true, Algorithm: not Lbfgs }
            ? throw new TrainerInputException(
                $"Hyperparameter 'data_parallel' needs algorithm '{Lbfgs}': averaging the hosts' models is exact for a linear model's scores, not for '{settings.Algorithm}' trees.")
            : settings;
    }

    private static TrainerSettings Read(Hyperparameters hyperparameters) => new(
        Algorithm: hyperparameters.GetChoice("algorithm", Lbfgs, Lbfgs, FastTree),
        LabelColumn: hyperparameters.GetText("label_column", "target"),
        Seed: hyperparameters.GetInt32("seed", 42, 0, int.MaxValue),
        MaximumIterations: hyperparameters.GetInt32("max_iterations", 100, 1, 100_000),
        L2Regularization: hyperparameters.GetSingle("l2_regularization", 1f, 0f, 1_000f),
        NumberOfTrees: hyperparameters.GetInt32("number_of_trees", 100, 1, 10_000),
        NumberOfLeaves: hyperparameters.GetInt32("number_of_leaves", 20, 2, 1_000),
        MinimumExampleCountPerLeaf: hyperparameters.GetInt32("min_examples_per_leaf", 10, 1, 10_000),
        LearningRate: hyperparameters.GetSingle("learning_rate", 0.2f, 0f, 1f),
        ValidationFraction: hyperparameters.GetSingle("validation_fraction", 0.2f, 0f, 0.9f),
        DataParallel: hyperparameters.GetChoice("data_parallel", "false", "true", "false") == "true",
        DataParallelTimeout: TimeSpan.FromSeconds(hyperparameters.GetInt32("data_parallel_timeout_seconds", 600, 1, 432_000)));
}
