using System.Formats.Tar;

namespace MlOps.Sdk.Packaging;

/// <summary>
/// Extracts tar entries into one folder and nowhere else. Links are created last, only when they resolve inside the
/// folder without passing through another link, and no entry is ever written beneath a link: so what is on disk always
/// resolves the way its path reads.
/// </summary>
internal sealed class SafeTarExtractor
{
    private const UnixFileMode PermissionBits = (UnixFileMode)0x1FF;

    private readonly string _root;
    private readonly ArchiveLimits _limits;
    private readonly Func<long> _archiveBytesRead;
    private readonly string _archiveName;
    private long _entries;
    private long _unpackedBytes;
    private readonly HashSet<string> _links = new(StringComparer.Ordinal);
    private readonly HashSet<string> _files = new(StringComparer.Ordinal);
    private readonly List<(string Path, string Target, TarEntryType Type, string EntryName)> _pendingLinks = [];

    public SafeTarExtractor(string root, ArchiveLimits limits, Func<long> archiveBytesRead, string archiveName)
    {
        _root = root;
        _limits = limits;
        _archiveBytesRead = archiveBytesRead;
        _archiveName = archiveName;
    }

    public async Task ExtractAsync(TarEntry entry, CancellationToken cancellationToken)
    {
        if (entry.EntryType == TarEntryType.GlobalExtendedAttributes)
        {
            return;
        }

        _entries++;
        _limits.Check(_entries, _unpackedBytes + Math.Max(0, entry.Length), _archiveBytesRead(), _archiveName);

        var path = SafePath(entry.Name, entry.Name);
        if (path.Length == 0)
        {
            // "./" names the target folder itself, which tar tools write first.
            return;
        }

        CheckNotAtOrUnderLink(path, entry.Name);
        switch (entry.EntryType)
        {
            case TarEntryType.Directory:
                Directory.CreateDirectory(FullPath(path, entry.Name));
                break;
            case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                await WriteFileAsync(entry, path, cancellationToken).ConfigureAwait(false);
                break;
            case TarEntryType.SymbolicLink or TarEntryType.HardLink:
                _links.Add(path);
                _pendingLinks.Add((path, entry.LinkName, entry.EntryType, entry.Name));
                break;
            default:
                throw Refuse(entry.Name, $"is a {entry.EntryType} entry; only files, folders and links are extracted");
        }
    }

    public void CreateLinks()
    {
        foreach (var (path, target, type, entryName) in _pendingLinks)
        {
            CheckNotUnderLink(path, entryName);
            var linkPath = FullPath(path, entryName);
            try
            {
                if (type == TarEntryType.SymbolicLink)
                {
                    CheckSymbolicLinkTarget(path, target, entryName);
                    File.CreateSymbolicLink(linkPath, target);
                }
                else
                {
                    // A hard link names another entry of the archive; a copy gives the same content with no shared inode.
                    var source = SafePath(target, entryName);
                    if (!_files.Contains(source))
                    {
                        throw Refuse(entryName, $"is a hard link to '{target}', which is not a file extracted before it");
                    }

                    File.Copy(FullPath(source, entryName), linkPath, overwrite: false);
                }
            }
            catch (IOException error)
            {
                throw Refuse(entryName, $"cannot be created: {error.Message}");
            }
        }
    }

    private async Task WriteFileAsync(TarEntry entry, string path, CancellationToken cancellationToken)
    {
        var fullPath = FullPath(path, entry.Name);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        FileStream output;
        try
        {
            output = new FileStream(fullPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, ReleasePackager.BufferSize);
        }
        catch (IOException error)
        {
            throw Refuse(entry.Name, $"cannot be written (does the archive hold it twice?): {error.Message}");
        }

        await using (output.ConfigureAwait(false))
        {
            if (entry.DataStream is { } data)
            {
                await CopyWithinLimitsAsync(data, output, cancellationToken).ConfigureAwait(false);
            }
        }

        if (!OperatingSystem.IsWindows())
        {
            // Permission bits only: set-user-id and the like are not carried over.
            File.SetUnixFileMode(fullPath, (entry.Mode & PermissionBits) | UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        _files.Add(path);
    }

    // Counts the bytes actually produced, which a forged header cannot understate.
    private async Task CopyWithinLimitsAsync(Stream data, FileStream output, CancellationToken cancellationToken)
    {
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(ReleasePackager.BufferSize);
        try
        {
            int read;
            while ((read = await data.ReadAsync(buffer.AsMemory(0, ReleasePackager.BufferSize), cancellationToken).ConfigureAwait(false)) > 0)
            {
                _unpackedBytes += read;
                _limits.Check(_entries, _unpackedBytes, _archiveBytesRead(), _archiveName);
                await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void CheckSymbolicLinkTarget(string path, string target, string entryName)
    {
        if (string.IsNullOrEmpty(target) || target.Contains('\\', StringComparison.Ordinal) || target.Contains('\0', StringComparison.Ordinal))
        {
            throw Refuse(entryName, $"is a link with an empty or malformed target '{target}'");
        }

        if (target[0] == '/' || (target.Length >= 2 && target[1] == ':'))
        {
            throw Refuse(entryName, $"is a link to the absolute path '{target}', outside the target folder");
        }

        // Resolve the target the way the file system will: from the link's folder, one segment at a time.
        var resolved = new List<string>(path.Split('/')[..^1]);
        var segments = target.Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < segments.Length; i++)
        {
            switch (segments[i])
            {
                case ".":
                    continue;
                case "..":
                    if (resolved.Count == 0)
                    {
                        throw Refuse(entryName, $"is a link to '{target}', which points outside the target folder");
                    }

                    resolved.RemoveAt(resolved.Count - 1);
                    break;
                default:
                    resolved.Add(segments[i]);
                    break;
            }

            if (i < segments.Length - 1 && _links.Contains(string.Join('/', resolved)))
            {
                throw Refuse(entryName, $"is a link to '{target}', which passes through another link; link chains are not extracted");
            }
        }
    }

    private void CheckNotAtOrUnderLink(string path, string entryName)
    {
        if (_links.Contains(path))
        {
            throw Refuse(entryName, "appears twice: once as a link");
        }

        CheckNotUnderLink(path, entryName);
    }

    private void CheckNotUnderLink(string path, string entryName)
    {
        for (var slash = path.IndexOf('/', StringComparison.Ordinal); slash > 0; slash = path.IndexOf('/', slash + 1))
        {
            if (_links.Contains(path[..slash]))
            {
                throw Refuse(entryName, $"lies beneath the link '{path[..slash]}'; entries are never written through links");
            }
        }
    }

    private string FullPath(string path, string entryName)
    {
        var fullPath = Path.GetFullPath(Path.Combine(_root, path.Replace('/', Path.DirectorySeparatorChar)));
        return DirectoryFiles.IsInside(_root, fullPath)
            ? fullPath
            : throw Refuse(entryName, "would be written outside the target folder");
    }

    private static string SafePath(string name, string entryName)
    {
        var problem = ArchivePath.Explain(name, out var normalized);
        return problem is null ? normalized! : throw Refuse(entryName, problem);
    }

    private static MlOpsValidationException Refuse(string entryName, string reason) =>
        new(ModelArchive.UnsafeEntryField, $"'{entryName}' {reason}; the archive was not extracted in full", entryName);
}
