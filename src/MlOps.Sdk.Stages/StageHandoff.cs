using System.Text.Json;

namespace MlOps.Sdk.Stages;

/// <summary>
/// Hands a stage's results to later stages, two ways at once: a dotenv file that GitLab turns into variables of later
/// jobs (<c>artifacts:reports:dotenv</c>), and a small JSON state file in the job's folder that a local run (or a later
/// job given it as an artifact) reads back. Keys are the variables later stages fall back to, such as
/// <c>MLOPS_TRAINING_JOB</c> for <c>--training-job</c>.
/// </summary>
public sealed class StageHandoff
{
    /// <summary>The dotenv file's default name, in the job's folder.</summary>
    public const string DefaultDotEnvFileName = "mlops.env";

    /// <summary>The state file's default path, relative to the job's folder.</summary>
    public static readonly string DefaultStateFilePath = Path.Combine(".mlops", "pipeline-state.json");

    private StageHandoff(string dotEnvPath, string stateFilePath, IReadOnlyDictionary<string, string> state)
    {
        DotEnvPath = dotEnvPath;
        StateFilePath = stateFilePath;
        State = state;
    }

    /// <summary>The dotenv file this stage writes.</summary>
    public string DotEnvPath { get; }

    /// <summary>The JSON state file this stage reads and writes.</summary>
    public string StateFilePath { get; }

    /// <summary>What earlier stages handed off through the state file, by variable name.</summary>
    public IReadOnlyDictionary<string, string> State { get; }

    /// <summary>Opens the hand-off files and reads the state earlier stages left.</summary>
    /// <param name="dotEnvPath">The dotenv file.</param>
    /// <param name="stateFilePath">The JSON state file.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The hand-off.</returns>
    /// <exception cref="MlOpsValidationException">The state file is not a JSON object of strings.</exception>
    public static async Task<StageHandoff> OpenAsync(string dotEnvPath, string stateFilePath, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(dotEnvPath);
        ArgumentException.ThrowIfNullOrEmpty(stateFilePath);
        return new StageHandoff(Path.GetFullPath(dotEnvPath), Path.GetFullPath(stateFilePath), await ReadStateAsync(stateFilePath, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Adds <paramref name="values"/> to both files, keeping what earlier stages wrote.</summary>
    /// <param name="values">The results, by variable name.</param>
    /// <param name="cancellationToken">Cancels the writes.</param>
    /// <returns>A task that completes once both files are written.</returns>
    public async Task PublishAsync(IReadOnlyDictionary<string, string> values, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        await DotEnvFile.MergeAsync(DotEnvPath, values, cancellationToken).ConfigureAwait(false);
        var merged = new SortedDictionary<string, string>(
            (IDictionary<string, string>)new Dictionary<string, string>(await ReadStateAsync(StateFilePath, cancellationToken).ConfigureAwait(false)),
            StringComparer.Ordinal);
        foreach (var (key, value) in values)
        {
            merged[key] = value;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(StateFilePath)!);
        var temporary = StateFilePath + ".tmp";
        await File.WriteAllTextAsync(temporary, JsonSerializer.Serialize(merged, StageJsonContext.Default.SortedDictionaryStringString), cancellationToken).ConfigureAwait(false);
        File.Move(temporary, StateFilePath, overwrite: true);
    }

    private static async Task<IReadOnlyDictionary<string, string>> ReadStateAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return new Dictionary<string, string>(StringComparer.Ordinal);
        }

        try
        {
            var stream = File.OpenRead(path);
            await using (stream.ConfigureAwait(false))
            {
                return await JsonSerializer.DeserializeAsync(stream, StageJsonContext.Default.DictionaryStringString, cancellationToken).ConfigureAwait(false)
                    ?? new Dictionary<string, string>(StringComparer.Ordinal);
            }
        }
        catch (JsonException ex)
        {
            throw new MlOpsValidationException("state-file", $"'{path}' must be a JSON object of strings written by an earlier stage: {ex.Message}");
        }
    }
}
