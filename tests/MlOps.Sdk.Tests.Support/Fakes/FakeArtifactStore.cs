using System.Runtime.CompilerServices;
using MlOps.Sdk.Storage;

namespace MlOps.Sdk.Tests.Fakes;

/// <summary>An in-memory artifact store: objects by <c>s3://</c> URI, with sizes and times.</summary>
public sealed class FakeArtifactStore : IArtifactStore
{
    private readonly SortedDictionary<string, ArtifactObject> _objects = new(StringComparer.Ordinal);

    public void Put(string uri, DateTimeOffset lastModified, long size = 1)
    {
        var parsed = S3Uri.Parse(uri);
        _objects[parsed.ToString()] = new ArtifactObject(parsed, size, lastModified);
    }

    public bool Contains(string uri) => _objects.ContainsKey(uri);

    public Task UploadFileAsync(string localPath, S3Uri destination, IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        Put(destination.ToString(), DateTimeOffset.UtcNow, new FileInfo(localPath).Length);
        return Task.CompletedTask;
    }

    public Task UploadDirectoryAsync(string localDirectory, S3Uri destinationPrefix, IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public Task DownloadFileAsync(S3Uri source, string localPath, IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public Task<Stream> OpenReadAsync(S3Uri source, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public Task DownloadDirectoryAsync(S3Uri sourcePrefix, string localDirectory, IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public Task<bool> ExistsAsync(S3Uri uri, CancellationToken cancellationToken = default) => Task.FromResult(_objects.ContainsKey(uri.ToString()));

    public async IAsyncEnumerable<ArtifactObject> ListAsync(S3Uri prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var item in _objects.Values.Where(o => o.Uri.Bucket == prefix.Bucket && o.Uri.Key.StartsWith(prefix.Key, StringComparison.Ordinal)).ToList())
        {
            await Task.Yield();
            yield return item;
        }
    }

    public Task DeleteAsync(S3Uri uri, CancellationToken cancellationToken = default)
    {
        _objects.Remove(uri.ToString());
        return Task.CompletedTask;
    }
}
