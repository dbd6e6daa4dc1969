namespace MlOps.Sdk;

/// <summary>
/// Settings shared by every layer, bound from the configuration section <c>MlOps</c> and the environment
/// (<c>MLOPS_MODE</c>, <c>AWS_REGION</c>).
/// </summary>
public sealed class MlOpsOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "MlOps";

    /// <summary>The environment variable that chooses the mode (<c>local</c> or <c>aws</c>).</summary>
    public const string ModeEnvironmentVariable = "MLOPS_MODE";

    /// <summary>Where the pipeline runs. Local unless AWS is chosen explicitly.</summary>
    public MlOpsMode Mode { get; set; } = MlOpsMode.Local;

    /// <summary>The AWS region; when empty, AWS's own resolution applies (<c>AWS_REGION</c>, profile, instance metadata).</summary>
    public string? Region { get; set; }
}
