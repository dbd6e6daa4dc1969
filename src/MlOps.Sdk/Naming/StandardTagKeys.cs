namespace MlOps.Sdk.Naming;

/// <summary>Keys of the tags the SDK puts on everything it creates; cleanup selects resources by them.</summary>
public static class StandardTagKeys
{
    /// <summary>Always <see cref="ManagedByValue"/>: marks what the SDK created and may delete.</summary>
    public const string ManagedBy = "ManagedBy";

    /// <summary>The value of <see cref="ManagedBy"/>.</summary>
    public const string ManagedByValue = "MlOps.Sdk";

    /// <summary>The project name.</summary>
    public const string Project = "Project";

    /// <summary><c>candidate</c> or <c>stable</c>.</summary>
    public const string ReleaseKind = "ReleaseKind";

    /// <summary>The merge request IID; candidates only.</summary>
    public const string MergeRequest = "MergeRequest";

    /// <summary>The 8-character short commit SHA.</summary>
    public const string Commit = "Commit";

    /// <summary>The pipeline id, when known.</summary>
    public const string Pipeline = "Pipeline";

    /// <summary>
    /// On an endpoint: the config it served before its last update, so a later process can roll back and cleanup keeps
    /// that config.
    /// </summary>
    public const string PreviousEndpointConfig = "PreviousEndpointConfig";
}
