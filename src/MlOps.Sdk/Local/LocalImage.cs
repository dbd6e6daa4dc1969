namespace MlOps.Sdk.Local;

/// <summary>An image of the local image registry: an ECR-shaped URI standing for a published folder and its entry point.</summary>
/// <param name="ImageUri">The URI, <c>&lt;account&gt;.dkr.ecr.&lt;region&gt;.amazonaws.com/&lt;repository&gt;:&lt;tag&gt;</c>.</param>
/// <param name="Folder">The published folder; processes run with it as their working folder.</param>
/// <param name="EntryPoint">The command and its leading arguments (for example <c>dotnet Trainer.dll</c>); <c>train</c> or <c>serve</c> is appended.</param>
/// <param name="RegisteredAt">When it was registered.</param>
public sealed record LocalImage(string ImageUri, string Folder, IReadOnlyList<string> EntryPoint, DateTimeOffset RegisteredAt);
