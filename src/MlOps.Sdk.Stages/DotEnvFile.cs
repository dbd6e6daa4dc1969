namespace MlOps.Sdk.Stages;

/// <summary>
/// Reads and writes the <c>KEY=VALUE</c> files GitLab takes as <c>artifacts:reports:dotenv</c>: later jobs of the
/// pipeline see each key as a variable. GitLab's rules apply: keys are letters, digits and underscores, values hold no
/// line breaks and are written without quotes.
/// </summary>
public static class DotEnvFile
{
    /// <summary>Reads a dotenv file; a missing file reads as empty.</summary>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The values, by key; later lines win.</returns>
    public static async Task<IReadOnlyDictionary<string, string>> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!File.Exists(path))
        {
            return values;
        }

        foreach (var line in await File.ReadAllLinesAsync(path, cancellationToken).ConfigureAwait(false))
        {
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (line.StartsWith('#') || equals <= 0)
            {
                continue;
            }

            values[line[..equals].Trim()] = line[(equals + 1)..];
        }

        return values;
    }

    /// <summary>Merges <paramref name="values"/> into the file, keeping keys it already holds, in a stable order.</summary>
    /// <param name="path">The file; its folder is created.</param>
    /// <param name="values">The values to add or replace.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes once the file is written.</returns>
    /// <exception cref="MlOpsValidationException">A key or value breaks GitLab's dotenv rules.</exception>
    public static async Task MergeAsync(string path, IReadOnlyDictionary<string, string> values, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        foreach (var (key, value) in values)
        {
            Validate(key, value);
        }

        var merged = new Dictionary<string, string>(await ReadAsync(path, cancellationToken).ConfigureAwait(false), StringComparer.Ordinal);
        foreach (var (key, value) in values)
        {
            merged[key] = value;
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(folder);
        var lines = merged.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}");
        var temporary = path + ".tmp";
        await File.WriteAllLinesAsync(temporary, lines, cancellationToken).ConfigureAwait(false);
        File.Move(temporary, path, overwrite: true);
    }

    private static void Validate(string key, string value)
    {
        if (key.Length == 0 || !key.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') || char.IsAsciiDigit(key[0]))
        {
            throw new MlOpsValidationException("dotenv key", $"must be letters, digits and underscores, not starting with a digit (got '{key}')");
        }

        if (value.Contains('\n', StringComparison.Ordinal) || value.Contains('\r', StringComparison.Ordinal))
        {
            throw new MlOpsValidationException(key, "must hold no line break to be handed on through a dotenv file");
        }
    }
}
