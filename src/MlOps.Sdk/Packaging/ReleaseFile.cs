using System.Text;
using MlOps.Sdk.Storage;

namespace MlOps.Sdk.Packaging;

/// <summary>
/// One file to put into a release zip: its entry path and where its bytes come from (a file, text, or an object in the
/// artifact store, streamed).
/// </summary>
public sealed class ReleaseFile
{
    private readonly byte[]? _content;
    private readonly ArtifactSource? _artifact;

    private ReleaseFile(string entryPath, string? filePath, byte[]? content, ArtifactSource? artifact)
    {
        EntryPath = ArchivePath.Normalize(entryPath, nameof(EntryPath));
        FilePath = filePath;
        _content = content;
        _artifact = artifact;
    }

    /// <summary>The path inside the zip, with <c>/</c> separators, such as <c>model/model-package.json</c>.</summary>
    public string EntryPath { get; }

    /// <summary>The file on disk the bytes come from, or <see langword="null"/> for in-memory or stored content.</summary>
    public string? FilePath { get; }

    /// <summary>The object the bytes come from, or <see langword="null"/> for a file or in-memory content.</summary>
    public S3Uri? ArtifactUri => _artifact?.Uri;

    /// <summary>A file on disk, read by streaming when the zip is written.</summary>
    /// <param name="entryPath">The path inside the zip.</param>
    /// <param name="filePath">The file to read.</param>
    /// <returns>The release file.</returns>
    /// <exception cref="MlOpsValidationException">The entry path is empty, absolute or holds <c>..</c>.</exception>
    public static ReleaseFile FromFile(string entryPath, string filePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(filePath);
        return new ReleaseFile(entryPath, Path.GetFullPath(filePath), null, null);
    }

    /// <summary>Small generated content, such as a JSON document, stored as UTF-8 without a byte order mark.</summary>
    /// <param name="entryPath">The path inside the zip.</param>
    /// <param name="text">The content.</param>
    /// <returns>The release file.</returns>
    /// <exception cref="MlOpsValidationException">The entry path is empty, absolute or holds <c>..</c>.</exception>
    public static ReleaseFile FromText(string entryPath, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new ReleaseFile(entryPath, null, Encoding.UTF8.GetBytes(text), null);
    }

    /// <summary>
    /// An object in the artifact store, such as the model's <c>model.tar.gz</c>, streamed into the zip when it is
    /// written: no copy on disk, and its SHA-256 computed as the bytes go by.
    /// </summary>
    /// <param name="entryPath">The path inside the zip.</param>
    /// <param name="artifact">The object and its size (from <see cref="IArtifactStore.ListAsync"/>).</param>
    /// <param name="store">The store that holds it.</param>
    /// <returns>The release file.</returns>
    /// <exception cref="MlOpsValidationException">The entry path is empty, absolute or holds <c>..</c>, or the size is negative.</exception>
    public static ReleaseFile FromArtifact(string entryPath, ArtifactObject artifact, IArtifactStore store)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        ArgumentNullException.ThrowIfNull(store);
        if (artifact.Size < 0)
        {
            throw new MlOpsValidationException(nameof(artifact) + ".Size", $"must not be negative (got {artifact.Size})", artifact.Uri.ToString());
        }

        return new ReleaseFile(entryPath, null, null, new ArtifactSource(artifact.Uri, artifact.Size, store));
    }

    /// <summary>Opens the content for reading.</summary>
    /// <param name="cancellationToken">Cancels opening an object of the artifact store.</param>
    /// <returns>A stream positioned at the start; the caller disposes it.</returns>
    /// <exception cref="MlOpsException">An object of the artifact store is missing or cannot be read.</exception>
    public async Task<Stream> OpenReadAsync(CancellationToken cancellationToken = default)
    {
        if (_artifact is { } artifact)
        {
            var stream = await artifact.Store.OpenReadAsync(artifact.Uri, cancellationToken).ConfigureAwait(false);
            var length = stream.Length;
            if (length != artifact.Size)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
                throw new MlOpsException(
                    $"{artifact.Uri} is {length} bytes now, but was {artifact.Size} when the release was planned: it changed while the release was being written",
                    "ArtifactChanged",
                    resourceName: artifact.Uri.ToString());
            }

            return stream;
        }

        return _content is not null
            ? new MemoryStream(_content, writable: false)
            : new FileStream(FilePath!, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
    }

    /// <summary>The content's length in bytes.</summary>
    /// <returns>The length.</returns>
    public long GetLength() => _artifact?.Size ?? _content?.LongLength ?? new FileInfo(FilePath!).Length;

    private sealed record ArtifactSource(S3Uri Uri, long Size, IArtifactStore Store);
}
