namespace MlOps.Sdk.Stages.Settings;

/// <summary>
/// Every setting of a project, typed and checked: each section of <c>manifest.json</c> as its stage's options override
/// it. Read whole, so that a bad value anywhere fails the first stage that runs (validate), not the job that uses it.
/// </summary>
/// <param name="Project">The project's own settings.</param>
/// <param name="Aws">The region and the role variables.</param>
/// <param name="Image">The image's settings.</param>
/// <param name="Training">The training job's settings.</param>
/// <param name="Registry">The model registry's settings.</param>
/// <param name="Endpoint">The endpoint's settings.</param>
/// <param name="Test">The endpoint test's settings.</param>
internal sealed record ManifestSettings(
    ProjectSettings Project,
    AwsSettings Aws,
    ImageSettings Image,
    TrainingSettings Training,
    RegistrySettings Registry,
    EndpointSettings Endpoint,
    EndpointTestSettings Test)
{
    /// <summary>Reads and checks every section.</summary>
    /// <param name="values">The stage's layers.</param>
    /// <returns>The settings.</returns>
    /// <exception cref="MlOpsValidationException">A value breaks its rule; the message names it and where it came from.</exception>
    public static ManifestSettings Read(StageSettingValues values) => new(
        ProjectSettings.Read(values),
        AwsSettings.Read(values),
        ImageSettings.Read(values),
        TrainingSettings.Read(values),
        RegistrySettings.Read(values),
        EndpointSettings.Read(values),
        EndpointTestSettings.Read(values));
}
