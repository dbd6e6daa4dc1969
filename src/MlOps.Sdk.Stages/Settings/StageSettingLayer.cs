namespace MlOps.Sdk.Stages.Settings;

/// <summary>
/// The sources of a stage's settings, lowest precedence first: each layer overrides the ones before it, as the layers
/// of a .NET host's configuration do.
/// </summary>
internal enum StageSettingLayer
{
    /// <summary>An option's default.</summary>
    Default,

    /// <summary>The project's <c>manifest.json</c>.</summary>
    Manifest,

    /// <summary>The pipeline state file, which earlier stages of a local run hand their results on through.</summary>
    StateFile,

    /// <summary>An environment variable: a CI/CD variable, or a dotenv report of an earlier job.</summary>
    Environment,

    /// <summary>The stage's command line.</summary>
    CommandLine,
}
