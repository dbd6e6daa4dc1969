namespace MlOps.Sdk.Local;

/// <summary>
/// Settings of local mode, bound from the configuration section <c>MlOps:Local</c> and the environment (<c>MLOPS_HOME</c>).
/// </summary>
public sealed class LocalOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "MlOps:Local";

    /// <summary>The environment variable that names the home folder.</summary>
    public const string HomeEnvironmentVariable = "MLOPS_HOME";

    /// <summary>The account every local ARN carries.</summary>
    public const string DefaultAccountId = "000000000000";

    /// <summary>The region local ARNs carry when none is configured.</summary>
    public const string DefaultRegion = "us-east-1";

    /// <summary>
    /// The folder holding the state database, the bucket folders, training jobs and endpoints. Defaults to
    /// <c>MLOPS_HOME</c>, else <c>$XDG_DATA_HOME/mlops</c>, else <c>~/.local/share/mlops</c>.
    /// </summary>
    public string? Home { get; set; }

    /// <summary>The account in local ARNs and ECR-shaped image URIs.</summary>
    public string AccountId { get; set; } = DefaultAccountId;

    /// <summary>The region in local ARNs; <see cref="MlOpsOptions.Region"/> when that is set, else <c>us-east-1</c>.</summary>
    public string? Region { get; set; }

    /// <summary>How long a new endpoint process has to answer <c>GET /ping</c> with 200 when the production variant sets no <c>ContainerStartupHealthCheckTimeoutInSeconds</c>.</summary>
    public TimeSpan ContainerStartupHealthCheckTimeout { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>How long one <c>GET /ping</c> may take (SageMaker's contract: 2 s).</summary>
    public TimeSpan PingTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long <c>POST /invocations</c> may take (SageMaker's contract: 60 s).</summary>
    public TimeSpan InvocationTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long a stopped process (trainer past its MaxRuntime, stopped job, deleted or replaced endpoint) has after
    /// SIGTERM before it is killed. SageMaker gives trainers 120 s; locally a shorter grace keeps pipelines quick.
    /// </summary>
    public TimeSpan StopGracePeriod { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a training job or endpoint may stay in its launch (staging data, extracting the model, starting the
    /// process) before it is declared Failed: covers a starting process that died mid-launch.
    /// </summary>
    public TimeSpan LaunchTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The most instances (<c>ResourceConfig.InstanceCount</c>) a local training job may ask for: each is a process
    /// on this machine, so a larger count is refused with <c>ResourceLimitExceeded</c>, as SageMaker refuses a count
    /// over the account's quota.
    /// </summary>
    public int MaxTrainingInstanceCount { get; set; } = 8;

    /// <summary>
    /// The most instances (<c>DesiredInstanceCount</c>) a variant of a local endpoint may be scaled to: each is a model
    /// server process on this machine, so a larger count is refused with <c>ResourceLimitExceeded</c>, as SageMaker
    /// refuses a count over the account's instance quota.
    /// </summary>
    public int MaxEndpointInstanceCount { get; set; } = 8;

    /// <summary>Caps on what a <c>model.tar.gz</c> may unpack to when a local endpoint extracts it (archive bombs).</summary>
    public MlOps.Sdk.Packaging.ArchiveLimits ModelArchiveLimits { get; set; } = MlOps.Sdk.Packaging.ArchiveLimits.Default;

    /// <summary>How long a write waits for another process's write to the state database before failing.</summary>
    public TimeSpan StateBusyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The home folder in use: <see cref="Home"/> when set, else <c>MLOPS_HOME</c>, else the XDG data folder.</summary>
    /// <returns>An absolute path.</returns>
    public string ResolveHome()
    {
        var home = Home;
        if (string.IsNullOrWhiteSpace(home))
        {
            home = Environment.GetEnvironmentVariable(HomeEnvironmentVariable);
        }

        if (string.IsNullOrWhiteSpace(home))
        {
            var dataHome = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
            if (string.IsNullOrWhiteSpace(dataHome))
            {
                dataHome = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
            }

            home = Path.Combine(dataHome, "mlops");
        }

        return Path.GetFullPath(home);
    }

    /// <summary>The region in use: <see cref="Region"/> when set, else <c>us-east-1</c>.</summary>
    /// <returns>The region name.</returns>
    public string ResolveRegion() => string.IsNullOrWhiteSpace(Region) ? DefaultRegion : Region;
}
