using MlOps.Sdk.SageMaker;

namespace MlOps.Sdk.Local;

/// <summary>
/// The managed warm pool a local training job's cluster belongs to (<c>ResourceConfig.KeepAlivePeriodInSeconds</c>):
/// after the job ends it stays <c>Available</c> for the keep-alive, a later matching job takes it over (this job's
/// status becomes <c>Reused</c>, the new job's <c>InUse</c>), and past the keep-alive it is <c>Terminated</c>.
/// </summary>
/// <remarks>
/// Why the pool keeps the persistent cache folder and not a process: SageMaker's warm pool saves provisioning
/// instances and pulling the image, and it still starts a fresh container for every job; the one thing it carries
/// from job to job is <c>/opt/ml/sagemaker/warmpoolcache</c> (<c>SAGEMAKER_MANAGED_WARMPOOL_CACHE_DIRECTORY</c>).
/// Locally there is nothing to provision and the image is a folder already on disk. What a local job does pay
/// measured on 2 shared cores with the template's ML.NET trainer (456 rows): 0.5-0.6 s for the whole
/// <c>dotnet Trainer.dll train</c>, of which starting the runtime and loading the trainer to the point where it reads its
/// arguments is 0.02-0.04 s; the rest is ML.NET's loading, its JIT and the training inside <c>Main</c>. A pre-started
/// trainer held before <c>Main</c> (a startup hook injected into every image) would save at most that 0.04 s, and
/// keeping the JIT-warm process for the next job would run two jobs in one process, which SageMaker never does
/// (static state would leak from job to job). So the local pool is honest bookkeeping plus the one real carry-over:
/// the cache folder, where a trainer can keep what is costly to rebuild (downloaded packages, features, checkpoints).
/// </remarks>
internal sealed record LocalWarmPool
{
    /// <summary>The variable SageMaker points at the warm pool's persistent cache folder.</summary>
    internal const string CacheDirectoryVariable = "SAGEMAKER_MANAGED_WARMPOOL_CACHE_DIRECTORY";

    /// <summary>How long a chain of reuses may keep one warm pool, as the SageMaker guide says (28 days).</summary>
    internal static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(28);

    /// <summary>The pool's persistent cache, one folder per host (<c>algo-1</c>…), outside any job's folder so it outlives the job.</summary>
    public required string CacheDirectory { get; init; }

    /// <summary>When the first job of this pool was created; the pool ends <see cref="MaxLifetime"/> after it, reused or not.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>The job whose pool this job took over; null when this job started the pool.</summary>
    public string? ReusedFromJob { get; init; }

    /// <summary>The job that took this pool over; null until one did.</summary>
    public string? ReusedByJob { get; init; }

    /// <summary>When <see cref="ReusedByJob"/> took it over.</summary>
    public DateTimeOffset? ReusedAt { get; init; }

    /// <summary>The persistent cache folder of one host.</summary>
    internal string HostCacheDirectory(LocalTrainingHost host) => Path.Combine(CacheDirectory, host.Name);

    /// <summary>
    /// Whether a new job may take over the pool of <paramref name="earlier"/>: SageMaker's matching rules, of which
    /// this model carries role, instance type and count, volume size and volume KMS key (VPC, network isolation and
    /// inter-container encryption are never set here, so they always match). The image and hyperparameters may differ.
    /// </summary>
    internal static bool Matches(CreateTrainingJobRequest request, DescribeTrainingJobResponse earlier)
    {
        var wanted = request.ResourceConfig;
        var retained = earlier.ResourceConfig;
        return string.Equals(request.RoleArn, earlier.RoleArn, StringComparison.Ordinal)
            && string.Equals(wanted?.InstanceType, retained?.InstanceType, StringComparison.Ordinal)
            && (wanted?.InstanceCount ?? 1) == (retained?.InstanceCount ?? 1)
            && wanted?.VolumeSizeInGB == retained?.VolumeSizeInGB
            && string.Equals(wanted?.VolumeKmsKeyId, retained?.VolumeKmsKeyId, StringComparison.Ordinal);
    }

    /// <summary>The pool's status as DescribeTrainingJob reports it at <paramref name="now"/>; null when the job has no pool.</summary>
    internal static WarmPoolStatus? StatusOf(LocalTrainingJobRecord record, DateTimeOffset now)
    {
        if (record.WarmPool is not { } pool)
        {
            return null;
        }

        var description = record.Description;
        if (!record.IsFinal)
        {
            return new WarmPoolStatus { Status = WarmPoolResourceStatus.InUse };
        }

        var end = description.TrainingEndTime ?? description.LastModifiedTime ?? now;
        if (pool.ReusedByJob is { } reusedBy)
        {
            return new WarmPoolStatus
            {
                Status = WarmPoolResourceStatus.Reused,
                ReusedByJob = reusedBy,
                ResourceRetainedBillableTimeInSeconds = Seconds(end, pool.ReusedAt ?? end),
            };
        }

        var expiry = ExpiryOf(record, pool, end);
        return now < expiry
            ? new WarmPoolStatus { Status = WarmPoolResourceStatus.Available }
            : new WarmPoolStatus { Status = WarmPoolResourceStatus.Terminated, ResourceRetainedBillableTimeInSeconds = Seconds(end, expiry) };
    }

    private static DateTimeOffset ExpiryOf(LocalTrainingJobRecord record, LocalWarmPool pool, DateTimeOffset end)
    {
        // SageMaker retains no pool after a failure that may have harmed the cluster; algorithm and client errors,
        // stops and completions keep it. Local mode's infrastructure failures are its InternalServerErrors.
        var harmed = record.Description.FailureReason?.StartsWith("InternalServerError", StringComparison.Ordinal) == true;
        var keepAlive = harmed ? 0 : record.Description.ResourceConfig?.KeepAlivePeriodInSeconds ?? 0;
        var expiry = end + TimeSpan.FromSeconds(keepAlive);
        var lifetimeEnd = pool.StartedAt + MaxLifetime;
        return expiry < lifetimeEnd ? expiry : lifetimeEnd;
    }

    private static int Seconds(DateTimeOffset from, DateTimeOffset to) => (int)Math.Max(0, Math.Ceiling((to - from).TotalSeconds));
}
