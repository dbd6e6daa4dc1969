using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace MlOps.Sdk.Packaging;

/// <summary>
/// The <c>manifest.json</c> of a release zip: what the release is, where it came from, and every file's size and SHA-256.
/// Its schema is documented in <c>docs/release-manifest.md</c> and <c>docs/release-manifest.schema.json</c>.
/// </summary>
public sealed record ReleaseManifest
{
    /// <summary>The entry name of the manifest inside a release zip.</summary>
    public const string EntryName = "manifest.json";

    /// <summary>The schema version this SDK writes.</summary>
    public const int CurrentSchemaVersion = 1;

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        TypeInfoResolver = ReleaseManifestJsonContext.Default,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        WriteIndented = true,
        IndentSize = 2,
        NewLine = "\n",
        Converters = { new JsonStringEnumConverter<Naming.ReleaseKind>(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
    };

    // Resolved once from the source-generated context, so (de)serializing needs no reflection: NativeAOT-safe.
    private static readonly JsonTypeInfo<ReleaseManifest> JsonTypeInfo = (JsonTypeInfo<ReleaseManifest>)JsonOptions.GetTypeInfo(typeof(ReleaseManifest));

    /// <summary>Version of the manifest's schema.</summary>
    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    /// <summary>The release zip's file name, such as <c>stable-20261127T105500Z.zip</c>.</summary>
    public required string ReleaseName { get; init; }

    /// <summary><c>candidate</c> or <c>stable</c>.</summary>
    public required Naming.ReleaseKind ReleaseKind { get; init; }

    /// <summary>The project name, when given.</summary>
    public string? Project { get; init; }

    /// <summary>The merge request IID (<c>PR_ID</c>) of a candidate; <see langword="null"/> when stable.</summary>
    public int? PullRequestId { get; init; }

    /// <summary>The 8-character short commit SHA.</summary>
    public required string Commit { get; init; }

    /// <summary>The release instant, UTC, ISO 8601 with a <c>Z</c> suffix (<c>2026-11-27T10:55:00Z</c>).</summary>
    public required string Timestamp { get; init; }

    /// <summary>The GitLab pipeline id, when known.</summary>
    public long? PipelineId { get; init; }

    /// <summary>The GitLab pipeline URL, when known.</summary>
    public string? PipelineUrl { get; init; }

    /// <summary>The ARN of the registered model package version, when known.</summary>
    public string? ModelPackageArn { get; init; }

    /// <summary>Model metrics by name, sorted by name.</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new SortedDictionary<string, double>(StringComparer.Ordinal);

    /// <summary>The cost figures of the merge-request review, when the pipeline ran one.</summary>
    public ReleaseCosts? Costs { get; init; }

    /// <summary>The version of MlOps.Sdk that wrote the release.</summary>
    public required string SdkVersion { get; init; }

    /// <summary>Every file of the release except the manifest itself, in zip order.</summary>
    public required IReadOnlyList<ReleaseManifestFile> Files { get; init; }

    /// <summary>Formats a release instant as the manifest writes it.</summary>
    /// <param name="timestamp">The instant.</param>
    /// <returns>UTC ISO 8601 text with a <c>Z</c> suffix, whole seconds.</returns>
    public static string FormatTimestamp(DateTimeOffset timestamp) =>
        timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Serializes the manifest as indented UTF-8 JSON with <c>\n</c> line ends; the same manifest always gives the same bytes.</summary>
    /// <returns>The JSON bytes.</returns>
    public byte[] ToJsonBytes()
    {
        var sorted = this with { Metrics = new SortedDictionary<string, double>(Metrics.ToDictionary(), StringComparer.Ordinal) };
        return JsonSerializer.SerializeToUtf8Bytes(sorted, JsonTypeInfo);
    }

    /// <summary>Reads a manifest.</summary>
    /// <param name="json">The stream holding <c>manifest.json</c>.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <returns>The manifest.</returns>
    /// <exception cref="MlOpsException">The JSON is not a manifest (error code <c>InvalidReleaseManifest</c>).</exception>
    public static async Task<ReleaseManifest> ReadAsync(Stream json, CancellationToken cancellationToken = default)
    {
        try
        {
            return await JsonSerializer.DeserializeAsync(json, JsonTypeInfo, cancellationToken).ConfigureAwait(false)
                ?? throw new MlOpsException("manifest.json is empty (null).", "InvalidReleaseManifest");
        }
        catch (JsonException error)
        {
            throw new MlOpsException($"manifest.json is not a valid release manifest: {error.Message}", "InvalidReleaseManifest", innerException: error);
        }
    }
}
