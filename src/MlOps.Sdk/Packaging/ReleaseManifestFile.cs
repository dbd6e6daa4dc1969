namespace MlOps.Sdk.Packaging;

/// <summary>One file of a release, as listed in its manifest.</summary>
/// <param name="Path">The entry path inside the zip, such as <c>source/src/Program.cs</c>.</param>
/// <param name="Size">Uncompressed size in bytes.</param>
/// <param name="Sha256">Lowercase hexadecimal SHA-256 of the uncompressed content.</param>
public sealed record ReleaseManifestFile(string Path, long Size, string Sha256);
