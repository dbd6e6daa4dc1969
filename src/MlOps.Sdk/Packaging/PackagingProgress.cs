namespace MlOps.Sdk.Packaging;

/// <summary>A progress report of a packaging operation, for a CLI or script to render.</summary>
/// <param name="Stage">What the operation is doing.</param>
/// <param name="CurrentEntry">The archive entry being processed, when there is one.</param>
/// <param name="FilesDone">Files finished in this stage.</param>
/// <param name="FilesTotal">Files this stage will process, or 0 when unknown.</param>
/// <param name="BytesDone">Bytes read in this stage.</param>
/// <param name="BytesTotal">Bytes this stage will read, or 0 when unknown.</param>
public sealed record PackagingProgress(
    PackagingStage Stage,
    string? CurrentEntry,
    int FilesDone,
    int FilesTotal,
    long BytesDone,
    long BytesTotal);
