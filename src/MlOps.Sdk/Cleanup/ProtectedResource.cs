namespace MlOps.Sdk.Cleanup;

/// <summary>A resource cleanup keeps although it matched, and why.</summary>
/// <param name="Kind">What kind of resource.</param>
/// <param name="Name">Its name, ARN, file path or <c>s3://</c> URI.</param>
/// <param name="Reason">Why it is kept.</param>
public sealed record ProtectedResource(CleanupResourceKind Kind, string Name, string Reason);
