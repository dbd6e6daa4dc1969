namespace MlOps.Sdk.Storage;

/// <summary>An object found in the artifact store.</summary>
/// <param name="Uri">Its address.</param>
/// <param name="Size">Its size in bytes.</param>
/// <param name="LastModified">When it was last written.</param>
public sealed record ArtifactObject(S3Uri Uri, long Size, DateTimeOffset LastModified);
