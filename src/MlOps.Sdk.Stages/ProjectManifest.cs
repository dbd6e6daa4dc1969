using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MlOps.Sdk.Stages;

/// <summary>
/// The project's <c>manifest.json</c>, written by the templates: project metadata and the pipeline's configuration
/// (image, training, registry gate, endpoint, release). It is one layer of a stage's settings, below the state file,
/// the environment and the command line (<see cref="StageArguments"/>), and the stages read it through their typed
/// settings; the validate stage refuses a key that no stage reads (<see cref="ProjectManifestKeys"/>).
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

    /// <summary>
    /// The manifest as configuration values, keyed as .NET configuration keys a JSON file (<c>training:instanceType</c>,
    /// <c>training:metricDefinitions:0:name</c>): strings as they are, numbers as written, booleans as <c>true</c>/<c>false</c>.
    /// </summary>
    /// <returns>The values; nulls and empty objects give none.</returns>
    internal IEnumerable<KeyValuePair<string, string>> ConfigurationValues()
    {
        var values = new List<KeyValuePair<string, string>>();
        Flatten(_root, string.Empty);
        return values;

        void Flatten(JsonNode? node, string key)
        {
            switch (node)
            {
                case JsonObject obj:
                    foreach (var (name, child) in obj)
                    {
                        Flatten(child, key.Length == 0 ? name : $"{key}:{name}");
                    }

                    break;
                case JsonArray array:
                    for (var i = 0; i < array.Count; i++)
                    {
                        Flatten(array[i], $"{key}:{i.ToString(CultureInfo.InvariantCulture)}");
                    }

                    break;
                case JsonValue value when value.TryGetValue<string>(out var text):
                    values.Add(new(key, text));
                    break;
                case JsonValue value when value.TryGetValue<bool>(out var flag):
                    values.Add(new(key, flag ? "true" : "false"));
                    break;
                case JsonValue value:
                    values.Add(new(key, value.ToJsonString()));
                    break;
            }
        }
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
}
