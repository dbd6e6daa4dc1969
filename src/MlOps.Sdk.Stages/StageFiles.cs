namespace MlOps.Sdk.Stages;

/// <summary>
/// Where stages keep their files, relative to the project's folder. All of it lives under <c>.mlops/</c>, which the
/// templates git-ignore, and which the pipeline passes from job to job as artifacts.
/// </summary>
public static class StageFiles
{
    /// <summary>
    /// What later stages put into the release: <c>model/</c> (the model package description; its model.tar.gz is streamed from the store),
    /// <c>deploy/</c> (endpoint and model configuration) and <c>metrics.json</c>.
    /// </summary>
    public static readonly string ReleaseInputDirectory = Path.Combine(".mlops", "release-input");

    /// <summary>Where release zips and their notes are written.</summary>
    public static readonly string ReleaseDirectory = Path.Combine(".mlops", "release");

    /// <summary>The report of the endpoint tests.</summary>
    public static readonly string EndpointTestReport = Path.Combine(".mlops", "endpoint-test-report.json");

    /// <summary>The endpoint tests as JUnit XML, for GitLab's <c>artifacts:reports:junit</c>.</summary>
    public static readonly string EndpointTestJUnit = Path.Combine(".mlops", "endpoint-tests.junit.xml");

    /// <summary>The merge-request review (the report stage's Markdown).</summary>
    public static readonly string ReviewReport = Path.Combine(".mlops", "report.md");

    /// <summary>The model's metrics in the OpenMetrics text format, for GitLab's <c>artifacts:reports:metrics</c>.</summary>
    public static readonly string MetricsReport = Path.Combine(".mlops", "metrics.txt");

    /// <summary>
    /// The model package description's file name inside <see cref="ReleaseInputDirectory"/>'s <c>model/</c> and the
    /// release zip's: the version register or deploy chose, whose <c>ModelDataUrl</c> the package stage streams.
    /// </summary>
    public const string ModelPackageFileName = "model-package.json";

    /// <summary>The review's file name inside <see cref="ReleaseInputDirectory"/> and in the release zip's <c>docs/</c>.</summary>
    public const string ReviewFileName = "report.md";

    /// <summary>The cost figures' file name inside <see cref="ReleaseInputDirectory"/>: the release manifest's <c>costs</c>.</summary>
    public const string CostsFileName = "costs.json";

    /// <summary>The metrics file's name inside <see cref="ReleaseInputDirectory"/>: metric name to value.</summary>
    public const string MetricsFileName = "metrics.json";
}
