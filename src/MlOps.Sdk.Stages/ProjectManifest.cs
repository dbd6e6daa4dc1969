using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MlOps.Sdk.Stages;

/// <summary>
/// The project's <c>manifest.json</c>, written by the templates: project metadata and the pipeline's configuration
/// (image, training, registry gate, endpoint, release). Stages take their defaults from it; options override it.
/// Values are read by dotted path, such as <c>training.instanceType</c>; the validate stage refuses a key that no stage
/// reads (<see cref="ProjectManifestKeys"/>).
/// </summary>
public sealed class ProjectManifest
{
    /// <summary>The manifest's file name in the project's folder.</summary>
    public const string FileName = "manifest.json";

    private readonly JsonObject _root;

    private ProjectManifest(JsonObject root, string? path)
    {
        _root = root;
        Path = path;
    }

    /// <summary>The file read, or <see langword="null"/> when the project has none.</summary>
    public string? Path { get; }

    /// <summary>Reads <c>manifest.json</c> from a project folder; a missing file gives an empty manifest.</summary>
    /// <param name="projectPath">The project's folder.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The manifest.</returns>
    /// <exception cref="MlOpsValidationException">The file is not a JSON object, or its <c>schemaVersion</c> is not <see cref="ProjectManifestKeys.SchemaVersion"/>.</exception>
    public static async Task<ProjectManifest> LoadAsync(string projectPath, CancellationToken cancellationToken = default)
    {
        var path = System.IO.Path.Combine(projectPath, FileName);
        if (!File.Exists(path))
        {
            return new ProjectManifest([], null);
        }

        try
        {
            var node = JsonNode.Parse(await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false));
            return node is JsonObject root
                ? new ProjectManifest(CheckedSchemaVersion(root), path)
                : throw new MlOpsValidationException(FileName, $"'{path}' must hold a JSON object");
        }
        catch (JsonException ex)
        {
            throw new MlOpsValidationException(FileName, $"'{path}' is not valid JSON: {ex.Message}");
        }
    }

    /// <summary>Creates a manifest from JSON text (for tests and tools).</summary>
    /// <param name="json">A JSON object.</param>
    /// <returns>The manifest.</returns>
    public static ProjectManifest Parse(string json) =>
        new(CheckedSchemaVersion(JsonNode.Parse(json) as JsonObject ?? throw new MlOpsValidationException(FileName, "must hold a JSON object")), null);

    /// <summary>
    /// The keys of this manifest that are not in <paramref name="known"/>, by dotted path, in file order. A known key
    /// is not looked into, so the user's own names under <c>training.hyperparameters</c> are never reported.
    /// </summary>
    /// <param name="known">The keys that are read, such as <see cref="ProjectManifestKeys.All"/>.</param>
    /// <returns>The unknown keys; empty when every key is known.</returns>
    public IReadOnlyList<string> UnknownKeys(IReadOnlySet<string> known)
    {
        ArgumentNullException.ThrowIfNull(known);
        var unknown = new List<string>();
        Collect(_root, string.Empty);
        return unknown;

        void Collect(JsonObject node, string prefix)
        {
            foreach (var (key, value) in node)
            {
                var path = prefix + key;
                if (known.Contains(path))
                {
                    continue;
                }

                if (value is JsonObject child && known.Any(k => k.StartsWith(path + ".", StringComparison.Ordinal)))
                {
                    Collect(child, path + ".");
                }
                else
                {
                    unknown.Add(path);
                }
            }
        }
    }

    /// <summary>A value as text: strings as they are, numbers and booleans in invariant form.</summary>
    /// <param name="path">A dotted path, such as <c>training.instanceType</c>.</param>
    /// <returns>The text, or <see langword="null"/> when absent or not a scalar.</returns>
    public string? GetString(string path) => Find(path) switch
    {
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        JsonValue value when value.TryGetValue<double>(out var number) => number.ToString(CultureInfo.InvariantCulture),
        JsonValue value when value.TryGetValue<bool>(out var flag) => flag ? "true" : "false",
        _ => null,
    };

    /// <summary>The first of several paths that holds a value.</summary>
    /// <param name="paths">Dotted paths, in order of preference.</param>
    /// <returns>The text, or <see langword="null"/>.</returns>
    public string? GetFirstString(params string[] paths) => paths.Select(GetString).FirstOrDefault(v => !string.IsNullOrEmpty(v));

    /// <summary>An object of scalars as text (such as hyperparameters or channels).</summary>
    /// <param name="path">A dotted path.</param>
    /// <returns>The entries; empty when absent.</returns>
    public IReadOnlyDictionary<string, string> GetMap(string path)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Find(path) is JsonObject node)
        {
            foreach (var (key, value) in node)
            {
                if (value is JsonValue scalar)
                {
                    map[key] = scalar.TryGetValue<string>(out var text) ? text : scalar.ToJsonString();
                }
            }
        }

        return map;
    }

    /// <summary>An array of strings.</summary>
    /// <param name="path">A dotted path.</param>
    /// <returns>The strings; empty when absent.</returns>
    public IReadOnlyList<string> GetStrings(string path) =>
        Find(path) is JsonArray array ? [.. array.OfType<JsonValue>().Select(v => v.TryGetValue<string>(out var s) ? s : v.ToJsonString())] : [];

    /// <summary>An array of objects as name/value pairs of two properties, such as metric definitions (<c>name</c>, <c>regex</c>).</summary>
    /// <param name="path">A dotted path.</param>
    /// <param name="keyProperty">The property holding the key.</param>
    /// <param name="valueProperty">The property holding the value.</param>
    /// <returns>The pairs; empty when absent.</returns>
    public IReadOnlyDictionary<string, string> GetPairs(string path, string keyProperty, string valueProperty)
    {
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Find(path) is JsonArray array)
        {
            foreach (var item in array.OfType<JsonObject>())
            {
                if (item[keyProperty] is JsonValue key && key.TryGetValue<string>(out var k) && item[valueProperty] is JsonValue value && value.TryGetValue<string>(out var v))
                {
                    pairs[k] = v;
                }
            }
        }

        return pairs;
    }

    private static JsonObject CheckedSchemaVersion(JsonObject root)
    {
        if (root["schemaVersion"] is { } version
            && !(version is JsonValue value && value.TryGetValue<int>(out var number) && number == ProjectManifestKeys.SchemaVersion))
        {
            throw new MlOpsValidationException("schemaVersion", $"must be {ProjectManifestKeys.SchemaVersion}, the manifest format these stages read (got {version.ToJsonString()})");
        }

        return root;
    }

    private JsonNode? Find(string path)
    {
        JsonNode? node = _root;
        foreach (var part in path.Split('.'))
        {
            node = node is JsonObject obj ? obj[part] : null;
        }

        return node;
    }
}
