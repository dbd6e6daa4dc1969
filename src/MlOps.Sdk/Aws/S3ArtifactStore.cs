using System.Net;
using System.Runtime.CompilerServices;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.S3.Transfer;
using Microsoft.Extensions.Logging;
using MlOps.Sdk.Storage;

namespace MlOps.Sdk.Aws;

/// <summary>
/// The artifact store on Amazon S3, through AWSSDK.S3: <see cref="TransferUtility"/> uploads large files in parts,
/// progress is reported as bytes move, and an endpoint override (moto, MinIO) switches to path-style addressing.
/// </summary>
internal sealed partial class S3ArtifactStore : IArtifactStore, IDisposable
{
    private readonly AwsEnvironment _environment;
    private readonly ILogger<S3ArtifactStore> _logger;
    private readonly Lazy<AmazonS3Client> _client;

    public S3ArtifactStore(AwsEnvironment environment, ILogger<S3ArtifactStore> logger)
    {
        _environment = environment;
        _logger = logger;
        _client = new Lazy<AmazonS3Client>(CreateClient);
    }

    /// <inheritdoc />
    public async Task UploadFileAsync(string localPath, S3Uri destination, IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        RequireObjectKey(destination, nameof(destination));
        if (!File.Exists(localPath))
        {
            throw new MlOpsValidationException(nameof(localPath), $"'{localPath}' is not a file");
        }

        var request = new TransferUtilityUploadRequest
        {
            FilePath = localPath,
            BucketName = destination.Bucket,
            Key = destination.Key,
            PartSize = _environment.Options.MultipartPartSize,
        };
        if (progress is not null)
        {
            request.UploadProgressEvent += (_, e) => progress.Report(new TransferProgress(destination, e.TransferredBytes, e.TotalBytes));
        }

        LogTransfer(_logger, "Uploading", localPath, destination.ToString());
        await CallAsync(destination, async () =>
        {
            using var transfer = new TransferUtility(_client.Value, new TransferUtilityConfig { MinSizeBeforePartUpload = _environment.Options.MultipartPartSize });
            await transfer.UploadAsync(request, cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task UploadDirectoryAsync(string localDirectory, S3Uri destinationPrefix, IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destinationPrefix);
        if (!Directory.Exists(localDirectory))
        {
            throw new MlOpsValidationException(nameof(localDirectory), $"'{localDirectory}' is not a folder");
        }

        var prefix = destinationPrefix.AsPrefix();
        var files = Directory.EnumerateFiles(localDirectory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var relative = Path.GetRelativePath(localDirectory, file).Replace(Path.DirectorySeparatorChar, '/');
            await UploadFileAsync(file, prefix.Append(relative), progress, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task DownloadFileAsync(S3Uri source, string localPath, IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        RequireObjectKey(source, nameof(source));
        var folder = Path.GetDirectoryName(Path.GetFullPath(localPath));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        var request = new TransferUtilityDownloadRequest
        {
            BucketName = source.Bucket,
            Key = source.Key,
            FilePath = localPath,
        };
        if (progress is not null)
        {
            request.WriteObjectProgressEvent += (_, e) => progress.Report(new TransferProgress(source, e.TransferredBytes, e.TotalBytes));
        }

        LogTransfer(_logger, "Downloading", source.ToString(), localPath);
        await CallAsync(source, async () =>
        {
            using var transfer = new TransferUtility(_client.Value);
            await transfer.DownloadAsync(request, cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<Stream> OpenReadAsync(S3Uri source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        RequireObjectKey(source, nameof(source));
        LogTransfer(_logger, "Streaming", source.ToString(), "the caller");
        try
        {
            var response = await _client.Value.GetObjectAsync(source.Bucket, source.Key, cancellationToken).ConfigureAwait(false);
            return new S3ObjectReadStream(response);
        }
        catch (AmazonServiceException ex)
        {
            throw ToMlOpsException(ex, source);
        }
    }

    /// <inheritdoc />
    public async Task DownloadDirectoryAsync(S3Uri sourcePrefix, string localDirectory, IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sourcePrefix);
        var prefix = sourcePrefix.AsPrefix();
        var root = Path.GetFullPath(localDirectory);
        var plan = new List<(S3Uri Source, string Target)>();
        await foreach (var item in ListAsync(prefix, cancellationToken).ConfigureAwait(false))
        {
            if (item.Uri.Key.EndsWith('/'))
            {
                continue; // a folder marker, not a file
            }

            plan.Add((item.Uri, SafeTarget(root, item.Uri.Key[prefix.Key.Length..], item.Uri)));
        }

        // Every key is checked before the first byte is written, so a hostile listing leaves nothing behind.
        foreach (var (source, target) in plan)
        {
            await DownloadFileAsync(source, target, progress, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task<bool> ExistsAsync(S3Uri uri, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(uri);
        RequireObjectKey(uri, nameof(uri));
        try
        {
            await _client.Value.GetObjectMetadataAsync(uri.Bucket, uri.Key, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
        catch (AmazonServiceException ex)
        {
            throw ToMlOpsException(ex, uri);
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ArtifactObject> ListAsync(S3Uri prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var request = new ListObjectsV2Request { BucketName = prefix.Bucket, Prefix = prefix.Key };
        do
        {
            ListObjectsV2Response page;
            try
            {
                page = await _client.Value.ListObjectsV2Async(request, cancellationToken).ConfigureAwait(false);
            }
            catch (AmazonServiceException ex)
            {
                throw ToMlOpsException(ex, prefix);
            }

            foreach (var item in page.S3Objects ?? [])
            {
                yield return new ArtifactObject(S3Uri.Create(prefix.Bucket, item.Key), item.Size ?? 0, new DateTimeOffset(item.LastModified ?? DateTime.UnixEpoch));
            }

            request.ContinuationToken = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (request.ContinuationToken is not null);
    }

    /// <inheritdoc />
    public async Task DeleteAsync(S3Uri uri, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(uri);
        RequireObjectKey(uri, nameof(uri));
        await CallAsync(uri, () => _client.Value.DeleteObjectAsync(uri.Bucket, uri.Key, cancellationToken)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_client.IsValueCreated)
        {
            _client.Value.Dispose();
        }
    }

    /// <summary>The file a key maps to under <paramref name="root"/>; refuses keys that would land outside it.</summary>
    internal static string SafeTarget(string root, string relativeKey, S3Uri source)
    {
        var relative = relativeKey.TrimStart('/');
        var rootWithSeparator = root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar;
        var target = Path.GetFullPath(Path.Combine(rootWithSeparator, relative.Replace('/', Path.DirectorySeparatorChar)));
        if (relative.Length == 0 || Path.IsPathRooted(relative) || !target.StartsWith(rootWithSeparator, StringComparison.Ordinal))
        {
            throw new MlOpsValidationException("S3 key", $"'{source.Key}' would be written outside the download folder; refusing it", source.ToString());
        }

        return target;
    }

    private static void RequireObjectKey(S3Uri uri, string field)
    {
        if (uri.Key.Length == 0 || uri.Key.EndsWith('/'))
        {
            throw new MlOpsValidationException(field, $"'{uri}' names a prefix, not an object (expected s3://bucket/key)");
        }
    }

    private static async Task CallAsync(S3Uri uri, Func<Task> call)
    {
        try
        {
            await call().ConfigureAwait(false);
        }
        catch (AmazonServiceException ex)
        {
            throw ToMlOpsException(ex, uri);
        }
        catch (AmazonClientException ex) when (AwsSignInFailure.IsSignIn(ex))
        {
            throw AwsSignInFailure.From(ex);
        }
        catch (AmazonClientException ex)
        {
            throw new MlOpsException($"S3 call for {uri} failed: {ex.Message}", "NetworkError", null, uri.ToString(), ex);
        }
    }

    private static MlOpsException ToMlOpsException(AmazonServiceException ex, S3Uri uri) =>
        new($"S3 call for {uri} failed with {ex.ErrorCode ?? ex.StatusCode.ToString()} (HTTP {(int)ex.StatusCode}): {ex.Message}", ex.ErrorCode ?? ex.StatusCode.ToString(), ex.StatusCode, uri.ToString(), ex);

    private AmazonS3Client CreateClient()
    {
        var config = new AmazonS3Config
        {
            RegionEndpoint = _environment.Region,
            MaxErrorRetry = Math.Max(0, _environment.Options.MaxAttempts - 1),
            Timeout = _environment.Options.AttemptTimeout,
        };
        var custom = _environment.EndpointOverride(AwsService.S3);
        if (custom is not null)
        {
            config.ServiceURL = custom.ToString();
            config.ForcePathStyle = true;
            config.AuthenticationRegion = _environment.Region.SystemName;
        }

        return new AmazonS3Client(_environment.Credentials, config);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Action} {From} -> {To}")]
    private static partial void LogTransfer(ILogger logger, string action, string from, string to);
}
