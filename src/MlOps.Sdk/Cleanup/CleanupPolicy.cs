namespace MlOps.Sdk.Cleanup;

/// <summary>
/// What cleanup may remove: resources the SDK created (tag <c>ManagedBy=MlOps.Sdk</c>, and <c>Project</c> when given)
/// that are older than the retention period, minus everything protected. A dry run unless <see cref="DryRun"/> is false.
/// </summary>
public sealed record CleanupPolicy
{
    /// <summary>Only resources tagged with this project, or <see langword="null"/> for every project.</summary>
    public string? Project { get; init; }

    /// <summary>How long resources are kept after their last change.</summary>
    public TimeSpan RetentionPeriod { get; init; } = TimeSpan.FromDays(7);

    /// <summary>The production endpoint, never touched, nor the config it serves, its previous config or their models.</summary>
    public string? ProductionEndpointName { get; init; }

    /// <summary>The model package group whose old versions may go; <see langword="null"/> leaves the registry alone.</summary>
    public string? ModelPackageGroupName { get; init; }

    /// <summary>How many of the newest Approved versions are always kept.</summary>
    public int KeepApprovedVersions { get; init; } = 3;

    /// <summary>Folders or <c>s3://</c> prefixes holding release zips.</summary>
    public IReadOnlyList<string> ReleaseLocations { get; init; } = [];

    /// <summary>How many of the newest stable releases in each location are always kept.</summary>
    public int KeepLatestStableReleases { get; init; } = 1;

    /// <summary>Whether to only plan (the default) rather than delete.</summary>
    public bool DryRun { get; init; } = true;

    /// <summary>Fails unless the values are in range.</summary>
    /// <exception cref="MlOpsValidationException">A value is out of range.</exception>
    public void Validate()
    {
        if (RetentionPeriod < TimeSpan.Zero)
        {
            throw new MlOpsValidationException(nameof(RetentionPeriod), $"must not be negative (got {RetentionPeriod})");
        }

        if (KeepApprovedVersions < 0)
        {
            throw new MlOpsValidationException(nameof(KeepApprovedVersions), $"must be 0 or more (got {KeepApprovedVersions})");
        }

        if (KeepLatestStableReleases < 0)
        {
            throw new MlOpsValidationException(nameof(KeepLatestStableReleases), $"must be 0 or more (got {KeepLatestStableReleases})");
        }

        if (ProductionEndpointName is not null)
        {
            Naming.SageMakerNameRules.Validate(ProductionEndpointName, nameof(ProductionEndpointName));
        }

        if (ModelPackageGroupName is not null)
        {
            Naming.SageMakerNameRules.Validate(ModelPackageGroupName, nameof(ModelPackageGroupName));
        }

        for (var i = 0; i < ReleaseLocations.Count; i++)
        {
            var location = ReleaseLocations[i];
            if (string.IsNullOrWhiteSpace(location))
            {
                throw new MlOpsValidationException($"{nameof(ReleaseLocations)}[{i}]", "must be a folder or an s3:// prefix");
            }

            if (location.StartsWith("s3:", StringComparison.OrdinalIgnoreCase))
            {
                Storage.S3Uri.Parse(location, $"{nameof(ReleaseLocations)}[{i}]");
            }
        }
    }
}
