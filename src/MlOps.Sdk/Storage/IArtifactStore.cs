namespace MlOps.Sdk.Storage;

/// <summary>
/// Artifacts behind <c>s3://</c> addresses: Amazon S3 on AWS, a folder per bucket in local mode.
/// </summary>
public interface IArtifactStore
{
    /// <summary>Uploads one file.</summary>
    /// <param name="localPath">The file to upload.</param>
    /// <param name="destination">The object to write.</param>
    /// <param name="progress">Receives progress as bytes go out.</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    /// <returns>A task that completes once the object is stored.</returns>
    Task UploadFileAsync(string localPath, S3Uri destination, IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>Uploads every file under a folder, keeping relative paths, under a prefix.</summary>
    /// <param name="localDirectory">The folder to upload.</param>
    /// <param name="destinationPrefix">The prefix to write under.</param>
    /// <param name="progress">Receives progress as bytes go out.</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    /// <returns>A task that completes once every object is stored.</returns>
    Task UploadDirectoryAsync(string localDirectory, S3Uri destinationPrefix, IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>Downloads one object to a file, replacing it.</summary>
    /// <param name="source">The object to read.</param>
    /// <param name="localPath">The file to write.</param>
    /// <param name="progress">Receives progress as bytes come in.</param>
    /// <param name="cancellationToken">Cancels the download.</param>
    /// <returns>A task that completes once the file is written.</returns>
    Task DownloadFileAsync(S3Uri source, string localPath, IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Opens one object for reading from its first byte to its last, with no local copy: the package stage streams the
    /// model from the bucket into the release zip.
    /// </summary>
    /// <param name="source">The object to read.</param>
    /// <param name="cancellationToken">Cancels opening it (reads are cancelled by their own token).</param>
    /// <returns>A forward-only stream whose <see cref="Stream.Length"/> is the object's size; the caller disposes it.</returns>
    /// <exception cref="MlOpsException">The object does not exist (<c>NoSuchKey</c>) or cannot be read.</exception>
    Task<Stream> OpenReadAsync(S3Uri source, CancellationToken cancellationToken = default);

    /// <summary>Downloads every object under a prefix into a folder, keeping relative keys as paths; keys that would escape the folder are refused.</summary>
    /// <param name="sourcePrefix">The prefix to read.</param>
    /// <param name="localDirectory">The folder to write into.</param>
    /// <param name="progress">Receives progress as bytes come in.</param>
    /// <param name="cancellationToken">Cancels the download.</param>
    /// <returns>A task that completes once every file is written.</returns>
    Task DownloadDirectoryAsync(S3Uri sourcePrefix, string localDirectory, IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>Tells whether an object exists.</summary>
    /// <param name="uri">The object.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="true"/> when it exists.</returns>
    Task<bool> ExistsAsync(S3Uri uri, CancellationToken cancellationToken = default);

    /// <summary>Lists the objects under a prefix, every page.</summary>
    /// <param name="prefix">The prefix.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The objects, in key order.</returns>
    IAsyncEnumerable<ArtifactObject> ListAsync(S3Uri prefix, CancellationToken cancellationToken = default);

    /// <summary>Deletes one object; deleting a missing object succeeds.</summary>
    /// <param name="uri">The object.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes once the object is gone.</returns>
    Task DeleteAsync(S3Uri uri, CancellationToken cancellationToken = default);
}
