namespace MlOps.Sdk.Packaging;

/// <summary>A file that looks like it holds a secret, and why.</summary>
/// <param name="EntryPath">The file's path inside the release.</param>
/// <param name="Reason">What gave it away, such as <c>AWS access key id</c> or <c>.env file</c>.</param>
public sealed record SecretFinding(string EntryPath, string Reason);
