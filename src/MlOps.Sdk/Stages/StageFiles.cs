namespace MlOps.Sdk.Stages;

/// <summary>
/// Where stages keep their files, relative to the project's folder. All of it lives under <c>.mlops/</c>, which the
/// templates git-ignore, and which the pipeline passes from job to job as artifacts.
/// </summary>
public static class StageFiles
{
    /// <summary>
    /// What later stages put into the release: <c>model/</c> (model.tar.gz, model package description),
    /// <c>deploy/</c> (endpoint and model configuration) and <c>metrics.json</c>.
    /// </summary>
    public static readonly string ReleaseInputDirectory = Path.Combine(".mlops", "release-input");

    /// <summary>Where release zips and their notes are written.</summary>
    public static readonly string ReleaseDirectory = Path.Combine(".mlops", "release");

    /// <summary>The report of the endpoint tests.</summary>
    public static readonly string EndpointTestReport = Path.Combine(".mlops", "endpoint-test-report.json");

    /// <summary>The metrics file's name inside <see cref="ReleaseInputDirectory"/>: metric name to value.</summary>
    public const string MetricsFileName = "metrics.json";
}
