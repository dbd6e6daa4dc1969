using MlOps.Sdk.SageMaker;

namespace MlOps.Sdk.Training;

/// <summary>One named input of a training job: the objects under an <c>s3://</c> prefix, staged to <c>/opt/ml/input/data/&lt;name&gt;</c>.</summary>
public sealed record TrainingChannel
{
    /// <summary>Creates a channel.</summary>
    /// <param name="name">The channel name, such as <c>train</c> or <c>validation</c>.</param>
    /// <param name="s3Uri">The <c>s3://</c> prefix or object holding the data.</param>
    public TrainingChannel(string name, string s3Uri)
    {
        Name = name;
        S3Uri = s3Uri;
    }

    /// <summary>The channel name (letters, digits, <c>.</c>, <c>-</c>, <c>_</c>; 1-64 characters).</summary>
    public string Name { get; }

    /// <summary>The <c>s3://</c> prefix or object holding the data.</summary>
    public string S3Uri { get; }

    /// <summary>The MIME type of the data, when the algorithm needs it.</summary>
    public string? ContentType { get; init; }

    /// <summary>How the data reaches the container; <see langword="null"/> uses the job's input mode.</summary>
    public TrainingInputMode? InputMode { get; init; }

    /// <summary>
    /// How the objects reach the job's instances: every instance gets all of them (<see cref="S3DataDistribution.FullyReplicated"/>,
    /// the default), or each gets about 1/n of them (<see cref="S3DataDistribution.ShardedByS3Key"/>).
    /// </summary>
    public S3DataDistribution DataDistribution { get; init; } = S3DataDistribution.FullyReplicated;
}
