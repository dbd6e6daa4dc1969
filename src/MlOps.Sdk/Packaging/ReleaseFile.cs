using System.Text;

namespace MlOps.Sdk.Packaging;

/// <summary>One file to put into a release zip: its entry path and where its bytes come from (a file, or text).</summary>
public sealed class ReleaseFile
{
    private readonly byte[]? _content;

    private ReleaseFile(string entryPath, string? filePath, byte[]? content)
    {
        EntryPath = ArchivePath.Normalize(entryPath, nameof(EntryPath));
        FilePath = filePath;
        _content = content;
    }

    /// <summary>The path inside the zip, with <c>/</c> separators, such as <c>model/model-package.json</c>.</summary>
    public string EntryPath { get; }

    /// <summary>The file on disk the bytes come from, or <see langword="null"/> for in-memory content.</summary>
    public string? FilePath { get; }

    /// <summary>A file on disk, read by streaming when the zip is written.</summary>
    /// <param name="entryPath">The path inside the zip.</param>
    /// <param name="filePath">The file to read.</param>
    /// <returns>The release file.</returns>
    /// <exception cref="MlOpsValidationException">The entry path is empty, absolute or holds <c>..</c>.</exception>
    public static ReleaseFile FromFile(string entryPath, string filePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(filePath);
        return new ReleaseFile(entryPath, Path.GetFullPath(filePath), null);
    }

    /// <summary>Small generated content, such as a JSON document, stored as UTF-8 without a byte order mark.</summary>
    /// <param name="entryPath">The path inside the zip.</param>
    /// <param name="text">The content.</param>
    /// <returns>The release file.</returns>
    /// <exception cref="MlOpsValidationException">The entry path is empty, absolute or holds <c>..</c>.</exception>
    public static ReleaseFile FromText(string entryPath, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new ReleaseFile(entryPath, null, Encoding.UTF8.GetBytes(text));
    }

    /// <summary>Opens the content for reading.</summary>
    /// <returns>A stream positioned at the start; the caller disposes it.</returns>
    public Stream OpenRead() =>
        _content is not null
            ? new MemoryStream(_content, writable: false)
            : new FileStream(FilePath!, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);

    /// <summary>The content's length in bytes.</summary>
    /// <returns>The length.</returns>
    public long GetLength() => _content?.LongLength ?? new FileInfo(FilePath!).Length;
}
