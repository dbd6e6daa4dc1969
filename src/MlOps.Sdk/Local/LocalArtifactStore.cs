using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using MlOps.Sdk.Storage;

namespace MlOps.Sdk.Local;

/// <summary>
/// The local artifact store: a folder per bucket under <c>&lt;home&gt;/buckets</c>, an object per file. Writes go to a
/// temporary file beside the target and are renamed into place, so a reader never sees half an object.
/// </summary>
public sealed class LocalArtifactStore : IArtifactStore
{
    private const string TemporaryPrefix = ".mlops-tmp-";
    private const int BufferSize = 1 << 16;
    private readonly string bucketsRoot;

    /// <summary>Creates the store over the home folder the options name.</summary>
    /// <param name="options">Local-mode settings.</param>
    public LocalArtifactStore(IOptions<LocalOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        bucketsRoot = Path.Combine(options.Value.ResolveHome(), "buckets");
    }

    /// <summary>The local file behind an object (whether or not it exists).</summary>
    /// <param name="uri">The object.</param>
    /// <returns>Its path under the bucket's folder.</returns>
    public string GetLocalPath(S3Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return ObjectPath(uri, nameof(uri));
    }

    /// <summary>The local folder behind a bucket (whether or not it exists): a bucket exists when its folder does.</summary>
    /// <param name="bucket">The bucket name.</param>
    /// <returns>Its folder under <c>&lt;home&gt;/buckets</c>.</returns>
    public string GetBucketPath(string bucket) => BucketPath(S3Uri.Create(bucket).Bucket);

    /// <summary>
    /// Writes an object from whatever <paramref name="writeContent"/> writes into the stream it is given, atomically like
    /// every other write (a reader sees the old object or the whole new one). The S3 wire server writes uploads this way.
    /// </summary>
    /// <param name="destination">The object.</param>
    /// <param name="writeContent">Writes the object's bytes.</param>
    /// <param name="cancellationToken">Cancels the write; the object is left as it was.</param>
    /// <returns>A task that completes once the object is in place.</returns>
    public Task WriteAsync(S3Uri destination, Func<Stream, CancellationToken, Task> writeContent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(writeContent);
        return WriteAtomicallyAsync(ObjectPath(destination, nameof(destination)), writeContent, cancellationToken);
    }

    /// <inheritdoc />
    public async Task UploadFileAsync(string localPath, S3Uri destination, IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(localPath);
        ArgumentNullException.ThrowIfNull(destination);
        var target = ObjectPath(destination, nameof(destination));
        if (!File.Exists(localPath))
        {
            throw new MlOpsValidationException(nameof(localPath), $"file '{localPath}' does not exist");
        }

        await CopyAtomicallyAsync(localPath, target, destination, progress, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task UploadDirectoryAsync(string localDirectory, S3Uri destinationPrefix, IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(localDirectory);
        ArgumentNullException.ThrowIfNull(destinationPrefix);
        if (!Directory.Exists(localDirectory))
        {
            throw new MlOpsValidationException(nameof(localDirectory), $"folder '{localDirectory}' does not exist");
        }

        var root = Path.GetFullPath(localDirectory);
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(root, file).Replace(Path.DirectorySeparatorChar, '/');
            var destination = destinationPrefix.AsPrefix().Append(relative);
            await CopyAtomicallyAsync(file, ObjectPath(destination, nameof(destinationPrefix)), destination, progress, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task DownloadFileAsync(S3Uri source, string localPath, IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentException.ThrowIfNullOrEmpty(localPath);
        var file = ObjectPath(source, nameof(source));
        if (!File.Exists(file))
        {
            throw NoSuchKey(source);
        }

        await CopyAtomicallyAsync(file, Path.GetFullPath(localPath), source, progress, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<Stream> OpenReadAsync(S3Uri source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        var file = ObjectPath(source, nameof(source));
        if (!File.Exists(file))
        {
            throw NoSuchKey(source);
        }

        return Task.FromResult<Stream>(new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan));
    }

    /// <inheritdoc />
    public async Task DownloadDirectoryAsync(S3Uri sourcePrefix, string localDirectory, IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sourcePrefix);
        ArgumentException.ThrowIfNullOrEmpty(localDirectory);
        var root = Path.GetFullPath(localDirectory);
        Directory.CreateDirectory(root);
        var prefixKey = sourcePrefix.Key;
        var cut = prefixKey.Length == 0 || prefixKey.EndsWith('/') ? prefixKey.Length : prefixKey.LastIndexOf('/') + 1;
        await foreach (var item in ListAsync(sourcePrefix, cancellationToken).ConfigureAwait(false))
        {
            var relative = item.Uri.Key[cut..];
            var target = Path.GetFullPath(Path.Combine(root, relative));
            if (!IsInside(root, target))
            {
                throw new MlOpsValidationException(nameof(sourcePrefix), $"key '{item.Uri.Key}' would be written outside '{root}'");
            }

            await CopyAtomicallyAsync(ObjectPath(item.Uri, nameof(sourcePrefix)), target, item.Uri, progress, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public Task<bool> ExistsAsync(S3Uri uri, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return Task.FromResult(uri.Key.Length > 0 && !uri.Key.EndsWith('/') && File.Exists(ObjectPath(uri, nameof(uri))));
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ArtifactObject> ListAsync(S3Uri prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var bucketRoot = BucketPath(prefix.Bucket);
        if (!Directory.Exists(bucketRoot))
        {
            yield break;
        }

        // S3 prefixes are string prefixes, not folders: walk from the deepest folder the prefix names, then filter.
        var folderPart = prefix.Key.Contains('/', StringComparison.Ordinal) ? prefix.Key[..prefix.Key.LastIndexOf('/')] : string.Empty;
        var start = folderPart.Length == 0 ? bucketRoot : Path.Combine(bucketRoot, folderPart.Replace('/', Path.DirectorySeparatorChar));
        if (!IsInside(bucketRoot, Path.GetFullPath(start)) || !Directory.Exists(start))
        {
            yield break;
        }

        var keys = new List<(string Key, string Path)>();
        foreach (var file in Directory.EnumerateFiles(start, "*", SearchOption.AllDirectories))
        {
            if (Path.GetFileName(file).StartsWith(TemporaryPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var key = Path.GetRelativePath(bucketRoot, file).Replace(Path.DirectorySeparatorChar, '/');
            if (key.StartsWith(prefix.Key, StringComparison.Ordinal))
            {
                keys.Add((key, file));
            }
        }

        keys.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        foreach (var (key, file) in keys)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var info = new FileInfo(file);
            if (info.Exists)
            {
                yield return new ArtifactObject(S3Uri.Create(prefix.Bucket, key), info.Length, info.LastWriteTimeUtc);
            }
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task DeleteAsync(S3Uri uri, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var file = ObjectPath(uri, nameof(uri));
        File.Delete(file);
        return Task.CompletedTask;
    }

    private static MlOpsException NoSuchKey(S3Uri uri) =>
        new($"The specified key does not exist: {uri}", MlOpsErrorCodes.NoSuchKey, System.Net.HttpStatusCode.NotFound, uri.ToString());

    private static bool IsInside(string root, string path)
    {
        var normalizedRoot = Path.TrimEndingDirectorySeparator(root) + Path.DirectorySeparatorChar;
        return path.StartsWith(normalizedRoot, StringComparison.Ordinal) || path == Path.TrimEndingDirectorySeparator(root);
    }

    private static Task CopyAtomicallyAsync(string sourceFile, string targetFile, S3Uri uri, IProgress<TransferProgress>? progress, CancellationToken cancellationToken) =>
        WriteAtomicallyAsync(targetFile, async (output, token) =>
        {
            await using var input = new FileStream(sourceFile, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, useAsync: true);
            var total = input.Length;
            var buffer = new byte[BufferSize];
            long done = 0;
            int read;
            while ((read = await input.ReadAsync(buffer, token).ConfigureAwait(false)) > 0)
            {
                await output.WriteAsync(buffer.AsMemory(0, read), token).ConfigureAwait(false);
                done += read;
                progress?.Report(new TransferProgress(uri, done, total));
            }

            if (total == 0)
            {
                progress?.Report(new TransferProgress(uri, 0, 0));
            }
        }, cancellationToken);

    // Every write of an object goes through here: a temporary file beside the target, renamed into place once complete.
    private static async Task WriteAtomicallyAsync(string targetFile, Func<Stream, CancellationToken, Task> writeContent, CancellationToken cancellationToken)
    {
        var folder = Path.GetDirectoryName(targetFile)!;
        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, TemporaryPrefix + Guid.NewGuid().ToString("N"));
        try
        {
            await using (var output = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, useAsync: true))
            {
                await writeContent(output, cancellationToken).ConfigureAwait(false);
            }

            File.Move(temporary, targetFile, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    private string BucketPath(string bucket) => Path.Combine(bucketsRoot, bucket);

    private string ObjectPath(S3Uri uri, string fieldName)
    {
        var key = uri.Key;
        if (key.Length == 0 || key.EndsWith('/'))
        {
            throw new MlOpsValidationException(fieldName, $"'{uri}' names a prefix, not an object");
        }

        foreach (var segment in key.Split('/'))
        {
            if (segment.Length == 0 || segment is "." or ".." || segment.StartsWith(TemporaryPrefix, StringComparison.Ordinal))
            {
                throw new MlOpsValidationException(fieldName, $"key '{key}' has an empty, '.', '..' or reserved segment, which local mode cannot store as a file");
            }
        }

        var bucketRoot = BucketPath(uri.Bucket);
        var path = Path.GetFullPath(Path.Combine(bucketRoot, key.Replace('/', Path.DirectorySeparatorChar)));
        if (!IsInside(bucketRoot, path))
        {
            throw new MlOpsValidationException(fieldName, $"key '{key}' escapes its bucket");
        }

        return path;
    }
}
