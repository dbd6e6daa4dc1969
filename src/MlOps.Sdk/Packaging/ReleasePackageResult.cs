namespace MlOps.Sdk.Packaging;

/// <summary>A release zip that was written.</summary>
/// <param name="ZipPath">The full path of the zip.</param>
/// <param name="Manifest">The manifest written into it.</param>
/// <param name="ZipSize">The zip's size in bytes.</param>
public sealed record ReleasePackageResult(string ZipPath, ReleaseManifest Manifest, long ZipSize);
