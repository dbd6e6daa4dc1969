namespace BreastCancer.Training.Trainer.Contract;

/// <summary>
/// Where the SageMaker training contract puts things: the base folder (<c>/opt/ml</c> or <c>SAGEMAKER_BASE_DIR</c>),
/// the input channels, the hyperparameters file, the model folder and the failure file.
/// </summary>
/// <param name="BaseDirectory">The contract's base folder.</param>
/// <param name="ModelDirectory">Where the model goes; SageMaker archives it as model.tar.gz.</param>
/// <param name="OutputDataDirectory">Extra output that SageMaker uploads as output.tar.gz.</param>
/// <param name="HyperparametersFile">The JSON file whose values are all strings.</param>
/// <param name="FailureFile">The file whose text becomes the job's FailureReason.</param>
/// <param name="Channels">Channel name (lower case) to its folder.</param>
public sealed record TrainingPaths(
    string BaseDirectory,
    string ModelDirectory,
    string OutputDataDirectory,
    string HyperparametersFile,
    string FailureFile,
    IReadOnlyDictionary<string, string> Channels)
{
    /// <summary>The base folder when <c>SAGEMAKER_BASE_DIR</c> is not set.</summary>
    public const string DefaultBaseDirectory = "/opt/ml";

    /// <summary>
    /// Resolves the paths from environment variables. <c>SM_*</c> variables win over the folders under the base folder,
    /// as they do in SageMaker's own containers.
    /// </summary>
    /// <param name="environment">The process environment (or a test's).</param>
    /// <returns>The resolved paths.</returns>
    public static TrainingPaths FromEnvironment(IReadOnlyDictionary<string, string> environment)
    {
        var baseDirectory = Value(environment, "SAGEMAKER_BASE_DIR") ?? DefaultBaseDirectory;
        var inputDirectory = Value(environment, "SM_INPUT_DIR") ?? Path.Combine(baseDirectory, "input");
        var modelDirectory = Value(environment, "SM_MODEL_DIR") ?? Path.Combine(baseDirectory, "model");
        var outputDataDirectory = Value(environment, "SM_OUTPUT_DATA_DIR") ?? Path.Combine(baseDirectory, "output", "data");
        var hyperparametersFile = Value(environment, "SM_INPUT_CONFIG_DIR") is { } configDirectory
            ? Path.Combine(configDirectory, "hyperparameters.json")
            : Path.Combine(inputDirectory, "config", "hyperparameters.json");

        return new TrainingPaths(
            baseDirectory,
            modelDirectory,
            outputDataDirectory,
            hyperparametersFile,
            Path.Combine(baseDirectory, "output", "failure"),
            DiscoverChannels(environment, Path.Combine(inputDirectory, "data")));
    }

    /// <summary>Returns the folder of a channel, or null when the job has no such channel.</summary>
    /// <param name="name">The channel name, in any case.</param>
    /// <returns>The folder, or null.</returns>
    public string? Channel(string name) =>
        Channels.TryGetValue(name.ToLowerInvariant(), out var directory) ? directory : null;

    private static Dictionary<string, string> DiscoverChannels(IReadOnlyDictionary<string, string> environment, string dataDirectory)
    {
        var channels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Directory.Exists(dataDirectory))
        {
            foreach (var directory in Directory.EnumerateDirectories(dataDirectory))
            {
                channels[Path.GetFileName(directory).ToLowerInvariant()] = directory;
            }
        }

        const string channelPrefix = "SM_CHANNEL_";
        foreach (var (key, value) in environment)
        {
            // SM_CHANNELS is the list of names, not a channel called "S".
            if (key.StartsWith(channelPrefix, StringComparison.Ordinal) && key.Length > channelPrefix.Length && !string.IsNullOrWhiteSpace(value))
            {
                channels[key[channelPrefix.Length..].ToLowerInvariant()] = value;
            }
        }

        return channels;
    }

    private static string? Value(IReadOnlyDictionary<string, string> environment, string name) =>
        environment.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;
}
