namespace MlOps.Sdk.Storage;

/// <summary>How far an upload or download has come.</summary>
/// <param name="Uri">The object being transferred.</param>
/// <param name="BytesTransferred">Bytes done so far.</param>
/// <param name="TotalBytes">Bytes in all, when known.</param>
public sealed record TransferProgress(S3Uri Uri, long BytesTransferred, long? TotalBytes);
