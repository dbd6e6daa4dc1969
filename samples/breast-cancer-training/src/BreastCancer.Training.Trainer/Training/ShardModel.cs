namespace BreastCancer.Training.Trainer.Training;

/// <summary>One host's model, trained on its shard, as the hosts hand it to the leader.</summary>
/// <param name="Host">The host that trained it.</param>
/// <param name="TrainingRows">How many rows its shard had: its weight in the combined model.</param>
/// <param name="FeatureNames">The feature columns it takes, in order; every host's must match the leader's.</param>
/// <param name="ModelZip">The ML.NET model, saved.</param>
public sealed record ShardModel(string Host, long TrainingRows, IReadOnlyList<string> FeatureNames, byte[] ModelZip);
