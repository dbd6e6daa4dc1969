using System.Formats.Tar;
using System.IO.Compression;

namespace MlOps.Sdk.Packaging;

/// <summary>
/// SageMaker's model artifact, <c>model.tar.gz</c>: created from a folder with its files at the archive root, as SageMaker
/// does after training, deterministically; and extracted safely, refusing any entry or link that would land outside the
/// target folder.
/// </summary>
public static class ModelArchive
{
    /// <summary>The file name SageMaker gives model artifacts.</summary>
    public const string FileName = "model.tar.gz";

    /// <summary>The error code of refused archive entries.</summary>
    public const string UnsafeEntryField = "ArchiveEntry";

    private const UnixFileMode FileMode644 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode Executable111 = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    /// <summary>Creates <paramref name="archivePath"/> from the files below <paramref name="sourceDirectory"/>, written to a temporary file and renamed.</summary>
    /// <param name="sourceDirectory">The model folder, such as SageMaker's <c>/opt/ml/model</c>.</param>
    /// <param name="archivePath">The <c>model.tar.gz</c> to write; replaced when it exists.</param>
    /// <param name="progress">Receives a report per file; optional.</param>
    /// <param name="cancellationToken">Stops the work; no partial archive is left.</param>
    /// <returns>A task that completes when the archive is written.</returns>
    /// <exception cref="MlOpsValidationException">The folder is missing or holds a link pointing outside it.</exception>
    public static async Task CreateAsync(string sourceDirectory, string archivePath, IProgress<PackagingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(archivePath);
        var fullPath = Path.GetFullPath(archivePath);
        var files = DirectoryFiles.List(sourceDirectory, "SourceDirectory");
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        var tempPath = Path.Combine(Path.GetDirectoryName(fullPath)!, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            var output = new FileStream(tempPath, System.IO.FileMode.CreateNew, FileAccess.Write, FileShare.None, ReleasePackager.BufferSize);
            await using (output.ConfigureAwait(false))
            {
                await WriteAsync(files, output, progress, cancellationToken).ConfigureAwait(false);
            }

            File.Move(tempPath, fullPath, overwrite: true);
        }
        catch
        {
            File.Delete(tempPath);
            throw;
        }
    }

    /// <summary>Writes the <c>tar.gz</c> of the files below <paramref name="sourceDirectory"/> to a stream (such as an upload).</summary>
    /// <param name="sourceDirectory">The model folder.</param>
    /// <param name="destination">Receives the archive; left open.</param>
    /// <param name="progress">Receives a report per file; optional.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    /// <returns>A task that completes when the archive is written.</returns>
    /// <exception cref="MlOpsValidationException">The folder is missing or holds a link pointing outside it.</exception>
    public static Task CreateAsync(string sourceDirectory, Stream destination, IProgress<PackagingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        return WriteAsync(DirectoryFiles.List(sourceDirectory, "SourceDirectory"), destination, progress, cancellationToken);
    }

    /// <summary>
    /// Extracts a <c>model.tar.gz</c> into <paramref name="targetDirectory"/>, which must be missing or empty. Entries with
    /// <c>..</c>, absolute paths, links pointing outside the target, paths through links, and device entries are refused
    /// with a clear error; nothing is ever written outside the target. The archive is unpacked into a temporary folder
    /// beside the target, renamed into place only once complete: a refused or failed extraction leaves nothing.
    /// </summary>
    /// <param name="archivePath">The archive to read.</param>
    /// <param name="targetDirectory">The folder to extract into.</param>
    /// <param name="limits">Caps on unpacked size, entry count and compression ratio; <see cref="ArchiveLimits.Default"/> when <see langword="null"/>.</param>
    /// <param name="progress">Receives a report per entry; optional.</param>
    /// <param name="cancellationToken">Stops the work; nothing is left.</param>
    /// <returns>A task that completes when every entry is extracted.</returns>
    /// <exception cref="MlOpsValidationException">An entry is unsafe (field <see cref="UnsafeEntryField"/>), a limit is broken (field <c>ArchiveLimits.*</c>), or the target is not empty.</exception>
    public static async Task ExtractAsync(string archivePath, string targetDirectory, ArchiveLimits? limits = null, IProgress<PackagingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(archivePath);
        var input = new FileStream(archivePath, System.IO.FileMode.Open, FileAccess.Read, FileShare.Read, ReleasePackager.BufferSize, FileOptions.SequentialScan);
        await using (input.ConfigureAwait(false))
        {
            await ExtractAsync(input, targetDirectory, limits, progress, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Extracts a <c>tar.gz</c> stream (such as a download) into <paramref name="targetDirectory"/>, with the same safety rules and limits.</summary>
    /// <param name="source">The gzip-compressed tar stream; read to its end, left open.</param>
    /// <param name="targetDirectory">The folder to extract into; must be missing or empty.</param>
    /// <param name="limits">Caps on unpacked size, entry count and compression ratio; <see cref="ArchiveLimits.Default"/> when <see langword="null"/>.</param>
    /// <param name="progress">Receives a report per entry; optional.</param>
    /// <param name="cancellationToken">Stops the work; nothing is left.</param>
    /// <returns>A task that completes when every entry is extracted.</returns>
    /// <exception cref="MlOpsValidationException">An entry is unsafe (field <see cref="UnsafeEntryField"/>), a limit is broken (field <c>ArchiveLimits.*</c>), or the target is not empty.</exception>
    public static async Task ExtractAsync(Stream source, string targetDirectory, ArchiveLimits? limits = null, IProgress<PackagingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentException.ThrowIfNullOrEmpty(targetDirectory);
        limits ??= ArchiveLimits.Default;
        limits.Validate();
        var root = Path.GetFullPath(targetDirectory);
        if (Directory.Exists(root) && Directory.EnumerateFileSystemEntries(root).Any())
        {
            throw new MlOpsValidationException("TargetDirectory", $"must be missing or empty (got '{targetDirectory}')", targetDirectory);
        }

        var parent = Path.GetDirectoryName(root)!;
        Directory.CreateDirectory(parent);
        var staging = Path.Combine(parent, $".{Path.GetFileName(root)}.{Guid.NewGuid():N}.tmp");
        Directory.CreateDirectory(staging);
        try
        {
            var counted = new CountingReadStream(source);
            var extractor = new SafeTarExtractor(staging, limits, () => counted.BytesRead, source is FileStream file ? file.Name : targetDirectory);
            var gzip = new GZipStream(counted, CompressionMode.Decompress, leaveOpen: true);
            await using (gzip.ConfigureAwait(false))
            {
                var reader = new TarReader(gzip, leaveOpen: true);
                await using (reader.ConfigureAwait(false))
                {
                    var count = 0;
                    while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
                    {
                        progress?.Report(new PackagingProgress(PackagingStage.Extracting, entry.Name, count++, 0, 0, 0));
                        await extractor.ExtractAsync(entry, cancellationToken).ConfigureAwait(false);
                    }
                }
            }

            extractor.CreateLinks();

            // The target was checked empty above; an empty folder there would make the rename fail.
            if (Directory.Exists(root))
            {
                Directory.Delete(root);
            }

            Directory.Move(staging, root);
        }
        catch
        {
            DeleteQuietly(staging);
            throw;
        }

        progress?.Report(new PackagingProgress(PackagingStage.Completed, null, 0, 0, 0, 0));
    }

    private static void DeleteQuietly(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            // The original error matters more; the temporary folder's name marks it as leftover.
        }
    }

    private static async Task WriteAsync(IReadOnlyList<(string RelativePath, string FullPath)> files, Stream destination, IProgress<PackagingProgress>? progress, CancellationToken cancellationToken)
    {
        var gzip = new GZipStream(destination, CompressionLevel.Optimal, leaveOpen: true);
        await using (gzip.ConfigureAwait(false))
        {
            var writer = new TarWriter(gzip, TarEntryFormat.Gnu, leaveOpen: true);
            await using (writer.ConfigureAwait(false))
            {
                var directoriesWritten = new HashSet<string>(StringComparer.Ordinal);
                for (var i = 0; i < files.Count; i++)
                {
                    var (relativePath, fullPath) = files[i];
                    progress?.Report(new PackagingProgress(PackagingStage.Writing, relativePath, i, files.Count, 0, 0));
                    await WriteParentDirectoriesAsync(writer, relativePath, directoriesWritten, cancellationToken).ConfigureAwait(false);
                    var entry = NewEntry(TarEntryType.RegularFile, relativePath, IsExecutable(fullPath) ? FileMode644 | Executable111 : FileMode644);
                    var content = new FileStream(fullPath, System.IO.FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
                    await using (content.ConfigureAwait(false))
                    {
                        entry.DataStream = content;
                        await writer.WriteEntryAsync(entry, cancellationToken).ConfigureAwait(false);
                    }
                }

                progress?.Report(new PackagingProgress(PackagingStage.Completed, null, files.Count, files.Count, 0, 0));
            }
        }
    }

    private static async Task WriteParentDirectoriesAsync(TarWriter writer, string relativePath, HashSet<string> written, CancellationToken cancellationToken)
    {
        var slash = -1;
        while ((slash = relativePath.IndexOf('/', slash + 1)) > 0)
        {
            var directory = relativePath[..(slash + 1)];
            if (written.Add(directory))
            {
                await writer.WriteEntryAsync(NewEntry(TarEntryType.Directory, directory, FileMode644 | Executable111), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static GnuTarEntry NewEntry(TarEntryType type, string name, UnixFileMode mode) => new(type, name)
    {
        // Fixed owner, mode and times: the archive's bytes depend on the files' names and contents only.
        ModificationTime = DateTimeOffset.UnixEpoch,
        AccessTime = DateTimeOffset.UnixEpoch,
        ChangeTime = DateTimeOffset.UnixEpoch,
        Mode = mode,
        Uid = 0,
        Gid = 0,
        UserName = string.Empty,
        GroupName = string.Empty,
    };

    private static bool IsExecutable(string path) =>
        !OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & UnixFileMode.UserExecute) != 0;
}
