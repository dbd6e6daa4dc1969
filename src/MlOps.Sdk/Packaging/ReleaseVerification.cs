namespace MlOps.Sdk.Packaging;

/// <summary>The outcome of checking a release zip against its manifest.</summary>
/// <param name="ZipPath">The zip that was checked.</param>
/// <param name="Manifest">The manifest read from the zip, when it could be read.</param>
/// <param name="FilesChecked">How many files matched before the check stopped (all of them when valid).</param>
/// <param name="MismatchPath">The first entry that failed the check, or <see langword="null"/> when valid or when the zip itself is unreadable.</param>
/// <param name="Problem">What is wrong, or <see langword="null"/> when valid.</param>
public sealed record ReleaseVerification(string ZipPath, ReleaseManifest? Manifest, int FilesChecked, string? MismatchPath, string? Problem)
{
    /// <summary>The error code of <see cref="ThrowIfInvalid"/>.</summary>
    public const string ErrorCode = "ReleaseVerificationFailed";

    /// <summary>Whether every file matched its manifest entry.</summary>
    public bool IsValid => Problem is null;

    /// <summary>Throws unless the release is valid.</summary>
    /// <exception cref="MlOpsException">The release failed the check (<see cref="ErrorCode"/>); the message names the first mismatch.</exception>
    public void ThrowIfInvalid()
    {
        if (!IsValid)
        {
            throw new MlOpsException($"Release '{ZipPath}' failed verification: {Problem}", ErrorCode, resourceName: MismatchPath ?? ZipPath);
        }
    }
}
