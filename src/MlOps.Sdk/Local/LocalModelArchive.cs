using System.Formats.Tar;
using System.IO.Compression;

namespace MlOps.Sdk.Local;

/// <summary>
/// The one place local mode creates and extracts <c>model.tar.gz</c>. It stands in until the Packaging layer's model
/// archive lands, and then delegates to it.
/// </summary>
internal static class LocalModelArchive
{
    /// <summary>Packs every file under <paramref name="sourceDirectory"/> at the archive root, in a stable order.</summary>
    internal static async Task CreateAsync(string sourceDirectory, string archivePath, CancellationToken cancellationToken)
    {
        var root = Path.GetFullPath(sourceDirectory);
        await using var file = new FileStream(archivePath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        await using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        await using var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: false);
        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal);
        foreach (var path in files)
        {
            var name = Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/');
            var entry = new PaxTarEntry(TarEntryType.RegularFile, name)
            {
                ModificationTime = File.GetLastWriteTimeUtc(path),
                Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
            };
            await using var content = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
            entry.DataStream = content;
            await tar.WriteEntryAsync(entry, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Extracts regular files and folders only, refusing absolute names, <c>..</c> and links, so an archive cannot write
    /// outside <paramref name="destination"/>.
    /// </summary>
    internal static async Task ExtractAsync(string archivePath, string destination, CancellationToken cancellationToken)
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(destination)) + Path.DirectorySeparatorChar;
        Directory.CreateDirectory(root);
        await using var file = new FileStream(archivePath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        await using var gzip = new GZipStream(file, CompressionMode.Decompress);
        await using var tar = new TarReader(gzip);
        while (await tar.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
        {
            var name = entry.Name.Replace('\\', '/');
            var unsafeName = name.StartsWith('/') || name.Split('/').Any(segment => segment == "..");
            var target = Path.GetFullPath(Path.Combine(root, name));
            if (unsafeName || !(target + Path.DirectorySeparatorChar).StartsWith(root, StringComparison.Ordinal))
            {
                throw new MlOpsException($"The model archive holds an entry that would be written outside the model folder: '{entry.Name}'.", "UnsafeArchiveEntry");
            }

            switch (entry.EntryType)
            {
                case TarEntryType.Directory:
                    Directory.CreateDirectory(target);
                    break;
                case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    await using (var output = new FileStream(target, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
                    {
                        if (entry.DataStream is not null)
                        {
                            await entry.DataStream.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
                        }
                    }

                    break;
                case TarEntryType.SymbolicLink or TarEntryType.HardLink:
                    throw new MlOpsException($"The model archive holds a link, which local mode refuses to extract: '{entry.Name}' -> '{entry.LinkName}'.", "UnsafeArchiveEntry");
                default:
                    // PAX/GNU metadata entries carry no file.
                    break;
            }
        }
    }
}
