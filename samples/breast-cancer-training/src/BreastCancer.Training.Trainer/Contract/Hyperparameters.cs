using System.Globalization;
using System.Text.Json;

namespace BreastCancer.Training.Trainer.Contract;

/// <summary>
/// The job's hyperparameters. SageMaker writes every value as a string, so each accessor parses and checks its value,
/// and names the hyperparameter and the rule when the value is wrong.
/// </summary>
public sealed class Hyperparameters
{
    private readonly IReadOnlyDictionary<string, string> _values;

    /// <summary>Creates the set from name/value pairs.</summary>
    /// <param name="values">Hyperparameter names and their string values.</param>
    public Hyperparameters(IReadOnlyDictionary<string, string> values)
    {
        _values = values;
    }

    /// <summary>The names given, for logging.</summary>
    public IEnumerable<string> Names => _values.Keys;

    /// <summary>
    /// Reads <c>hyperparameters.json</c>, or the <c>SM_HPS</c> variable when the file is missing; no hyperparameters at all
    /// is valid (every one has a default).
    /// </summary>
    /// <param name="paths">The contract's paths.</param>
    /// <param name="environment">The process environment.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The hyperparameters.</returns>
    public static async Task<Hyperparameters> LoadAsync(
        TrainingPaths paths,
        IReadOnlyDictionary<string, string> environment,
        CancellationToken cancellationToken = default)
    {
        if (File.Exists(paths.HyperparametersFile))
        {
            var json = await File.ReadAllTextAsync(paths.HyperparametersFile, cancellationToken).ConfigureAwait(false);
            return Parse(json, paths.HyperparametersFile);
        }

        return environment.TryGetValue("SM_HPS", out var hps) && !string.IsNullOrWhiteSpace(hps)
            ? Parse(hps, "SM_HPS")
            : new Hyperparameters(new Dictionary<string, string>());
    }

    /// <summary>Parses a JSON object of hyperparameters. Numbers and booleans are accepted as their text.</summary>
    /// <param name="json">The JSON object.</param>
    /// <param name="source">Where the JSON came from, for the error message.</param>
    /// <returns>The hyperparameters.</returns>
    public static Hyperparameters Parse(string json, string source)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException exception)
        {
            throw new TrainerInputException($"{source} must be a JSON object of strings: {exception.Message}");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new TrainerInputException($"{source} must be a JSON object of strings; got a {document.RootElement.ValueKind}.");
            }

            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                values[property.Name] = property.Value.ValueKind switch
                {
                    JsonValueKind.String => property.Value.GetString() ?? string.Empty,
                    JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => property.Value.GetRawText(),
                    _ => throw new TrainerInputException(
                        $"Hyperparameter '{property.Name}' in {source} must be a string; got a {property.Value.ValueKind}."),
                };
            }

            return new Hyperparameters(values);
        }
    }

    /// <summary>Reads a text value that must be one of the allowed values (case-insensitive).</summary>
    /// <param name="name">The hyperparameter.</param>
    /// <param name="defaultValue">The value when it is not given.</param>
    /// <param name="allowed">The allowed values, in lower case.</param>
    /// <returns>The value, in lower case.</returns>
    public string GetChoice(string name, string defaultValue, params string[] allowed)
    {
        if (!_values.TryGetValue(name, out var raw))
        {
            return defaultValue;
        }

        var value = raw.Trim().ToLowerInvariant();
        return allowed.Contains(value, StringComparer.Ordinal)
            ? value
            : throw new TrainerInputException(
                $"Hyperparameter '{name}' must be one of {string.Join(", ", allowed)}; got '{raw}'.");
    }

    /// <summary>Reads a non-empty text value.</summary>
    /// <param name="name">The hyperparameter.</param>
    /// <param name="defaultValue">The value when it is not given.</param>
    /// <returns>The value.</returns>
    public string GetText(string name, string defaultValue)
    {
        if (!_values.TryGetValue(name, out var raw))
        {
            return defaultValue;
        }

        return string.IsNullOrWhiteSpace(raw)
            ? throw new TrainerInputException($"Hyperparameter '{name}' must not be empty.")
            : raw.Trim();
    }

    /// <summary>Reads a whole number within a range.</summary>
    /// <param name="name">The hyperparameter.</param>
    /// <param name="defaultValue">The value when it is not given.</param>
    /// <param name="minimum">The smallest allowed value.</param>
    /// <param name="maximum">The largest allowed value.</param>
    /// <returns>The value.</returns>
    public int GetInt32(string name, int defaultValue, int minimum, int maximum)
    {
        if (!_values.TryGetValue(name, out var raw))
        {
            return defaultValue;
        }

        return int.TryParse(raw.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= minimum && value <= maximum
            ? value
            : throw new TrainerInputException(
                $"Hyperparameter '{name}' must be a whole number from {minimum} to {maximum}; got '{raw}'.");
    }

    /// <summary>Reads a number greater than a lower bound and at most an upper bound.</summary>
    /// <param name="name">The hyperparameter.</param>
    /// <param name="defaultValue">The value when it is not given.</param>
    /// <param name="exclusiveMinimum">The value must be greater than this.</param>
    /// <param name="maximum">The largest allowed value.</param>
    /// <returns>The value.</returns>
    public float GetSingle(string name, float defaultValue, float exclusiveMinimum, float maximum)
    {
        if (!_values.TryGetValue(name, out var raw))
        {
            return defaultValue;
        }

        return float.TryParse(raw.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            && float.IsFinite(value) && value > exclusiveMinimum && value <= maximum
            ? value
            : throw new TrainerInputException(
                $"Hyperparameter '{name}' must be a number greater than {exclusiveMinimum.ToString(CultureInfo.InvariantCulture)} " +
                $"and at most {maximum.ToString(CultureInfo.InvariantCulture)}; got '{raw}'.");
    }
}
