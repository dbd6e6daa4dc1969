using MlOps.Sdk.Packaging;

namespace MlOps.Sdk.Local;

/// <summary>
/// The one place local mode packs and unpacks <c>model.tar.gz</c>, through the Packaging layer's <see cref="ModelArchive"/>.
/// A refused archive is an error of the job or endpoint using it, not of the caller's request, so validation errors are
/// turned into <see cref="MlOpsException"/>s that end the job or endpoint Failed with the reason.
/// </summary>
internal static class LocalModelArchive
{
    internal const string UnsafeArchiveErrorCode = "UnsafeModelArchive";

    internal static async Task CreateAsync(string sourceDirectory, string archivePath, CancellationToken cancellationToken)
    {
        try
        {
            await ModelArchive.CreateAsync(sourceDirectory, archivePath, null, cancellationToken).ConfigureAwait(false);
        }
        catch (MlOpsValidationException ex)
        {
            throw new MlOpsException($"The model folder cannot be archived: {ex.Message}", UnsafeArchiveErrorCode, null, archivePath, ex);
        }
    }

    internal static async Task ExtractAsync(string archivePath, string destination, ArchiveLimits limits, CancellationToken cancellationToken)
    {
        try
        {
            await ModelArchive.ExtractAsync(archivePath, destination, limits, null, cancellationToken).ConfigureAwait(false);
        }
        catch (MlOpsValidationException ex)
        {
            throw new MlOpsException($"The model archive was refused: {ex.Message}", UnsafeArchiveErrorCode, null, archivePath, ex);
        }
    }
}
