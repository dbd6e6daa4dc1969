using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MlOps.Sdk.Naming;
using MlOps.Sdk.SageMaker;
using MlOps.Sdk.Training;

namespace MlOps.Sdk.Registry;

/// <summary>
/// The model registry: groups, versions registered from training jobs, approval, and metric gates whose decisions are
/// recorded on the versions. Immutable and thread-safe; it talks only to the SageMaker port.
/// </summary>
public sealed class RegistryClient
{
    /// <summary>The error code when a version is registered from a job that has not completed.</summary>
    public const string TrainingJobNotCompletedErrorCode = "TrainingJobNotCompleted";

    private const int MaxMetadataEntries = 50;
    private const int RecentVersionsCheckedForRetry = 10;

    private readonly ISageMakerClient _sageMaker;
    private readonly ILogger<RegistryClient> _logger;

    /// <summary>Creates a client.</summary>
    /// <param name="sageMaker">The SageMaker control plane.</param>
    /// <param name="logger">Receives what the client did.</param>
    public RegistryClient(ISageMakerClient sageMaker, ILogger<RegistryClient>? logger = null)
    {
        _sageMaker = sageMaker ?? throw new ArgumentNullException(nameof(sageMaker));
        _logger = logger ?? NullLogger<RegistryClient>.Instance;
    }

    /// <summary>Creates a model package group unless it exists.</summary>
    /// <param name="groupName">The group.</param>
    /// <param name="description">Its description, used when it is created.</param>
    /// <param name="tags">Its tags, used when it is created; <c>ManagedBy=MlOps.Sdk</c> is always added.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The group's ARN.</returns>
    public async Task<string> EnsureModelPackageGroupAsync(string groupName, string? description = null, IEnumerable<ResourceTag>? tags = null, CancellationToken cancellationToken = default)
    {
        SageMakerNameRules.Validate(groupName, "ModelPackageGroupName");
        var request = new CreateModelPackageGroupRequest
        {
            ModelPackageGroupName = groupName,
            ModelPackageGroupDescription = description,
            Tags = ManagedTags.ToWire(tags),
        };
        request.Validate();
        var existing = await TryDescribeGroupAsync(groupName, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            return existing.ModelPackageGroupArn;
        }

        try
        {
            var created = await _sageMaker.CreateModelPackageGroupAsync(request, cancellationToken).ConfigureAwait(false);
            _logger.LogInformation("Created model package group {ModelPackageGroupName}", groupName);
            return created.ModelPackageGroupArn;
        }
        catch (MlOpsException e) when (ResourceErrors.IsAlreadyExists(e))
        {
            // Another pipeline created it between our read and our create.
            var raced = await TryDescribeGroupAsync(groupName, cancellationToken).ConfigureAwait(false);
            return raced?.ModelPackageGroupArn
                ?? throw new MlOpsException($"Model package group '{groupName}' reported as existing but cannot be described.", e.ErrorCode, e.StatusCode, groupName, e);
        }
    }

    /// <summary>
    /// Registers the model of a completed training job as a new version: image, model data URL, final metrics (as
    /// <c>metric:*</c> metadata) and approval status. A retry for the same job returns the version already registered.
    /// </summary>
    /// <param name="spec">What to register.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The version.</returns>
    /// <exception cref="MlOpsValidationException">The spec breaks a rule; nothing was registered.</exception>
    /// <exception cref="MlOpsException">The training job has not completed (<see cref="TrainingJobNotCompletedErrorCode"/>).</exception>
    public async Task<ModelVersion> RegisterModelVersionAsync(ModelVersionSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        SageMakerNameRules.Validate(spec.ModelPackageGroupName, nameof(spec.ModelPackageGroupName));
        SageMakerNameRules.Validate(spec.TrainingJobName, nameof(spec.TrainingJobName));

        var job = TrainingJob.FromDescription(await _sageMaker.DescribeTrainingJobAsync(
            new DescribeTrainingJobRequest { TrainingJobName = spec.TrainingJobName }, cancellationToken).ConfigureAwait(false));
        if (job.Status != TrainingJobStatus.Completed || job.ModelArtifactUri is null)
        {
            throw new MlOpsException(
                $"Training job '{job.Name}' is {job.Status}, not Completed with a model artifact; only a completed job can be registered.",
                TrainingJobNotCompletedErrorCode,
                resourceName: job.Name);
        }

        var image = spec.Image ?? job.Image
            ?? throw new MlOpsValidationException(nameof(spec.Image), "is required when the training job names no image", spec.TrainingJobName);
        var request = new CreateModelPackageRequest
        {
            ModelPackageGroupName = spec.ModelPackageGroupName,
            ModelPackageDescription = spec.Description ?? $"Trained by {job.Name}",
            ModelApprovalStatus = spec.ApprovalStatus,
            InferenceSpecification = new InferenceSpecification
            {
                Containers = [new ModelPackageContainerDefinition
                {
                    Image = image,
                    ModelDataUrl = job.ModelArtifactUri,
                    Environment = spec.Environment.Count == 0 ? null : spec.Environment,
                }],
                SupportedContentTypes = spec.ContentTypes,
                SupportedResponseMIMETypes = spec.ResponseTypes,
                SupportedRealtimeInferenceInstanceTypes = spec.RealtimeInstanceTypes.Count == 0 ? null : spec.RealtimeInstanceTypes,
            },
            CustomerMetadataProperties = BuildMetadata(job, spec.Metadata),
            ClientToken = ClientTokenFor(spec.ModelPackageGroupName, job.Name),
        };
        request.Validate(nameof(ModelVersionSpec));

        await EnsureModelPackageGroupAsync(spec.ModelPackageGroupName, tags: spec.Tags, cancellationToken: cancellationToken).ConfigureAwait(false);
        var previous = await FindVersionOfJobAsync(spec.ModelPackageGroupName, job.Name, cancellationToken).ConfigureAwait(false);
        if (previous is not null)
        {
            _logger.LogInformation("Training job {TrainingJobName} is already registered as {ModelPackageArn}", job.Name, previous.Arn);
            return previous;
        }

        var created = await _sageMaker.CreateModelPackageAsync(request, cancellationToken).ConfigureAwait(false);
        var version = await GetModelVersionAsync(created.ModelPackageArn, cancellationToken).ConfigureAwait(false);
        _logger.LogInformation(
            "Registered {ModelPackageArn} (version {Version}, {ApprovalStatus}) from training job {TrainingJobName}",
            version.Arn,
            version.Version,
            version.ApprovalStatus,
            job.Name);
        return version;
    }

    /// <summary>Describes one version.</summary>
    /// <param name="modelPackageArn">The version's ARN (or <c>group/version</c> name).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The version.</returns>
    public async Task<ModelVersion> GetModelVersionAsync(string modelPackageArn, CancellationToken cancellationToken = default)
    {
        var request = new DescribeModelPackageRequest { ModelPackageName = modelPackageArn };
        request.Validate();
        var response = await _sageMaker.DescribeModelPackageAsync(request, cancellationToken).ConfigureAwait(false);
        return ModelVersion.FromDescription(response);
    }

    /// <summary>Lists a group's versions, newest first, optionally of one approval status.</summary>
    /// <param name="groupName">The group.</param>
    /// <param name="approvalStatus">The status wanted, or <see langword="null"/> for all.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The versions, described.</returns>
    public async IAsyncEnumerable<ModelVersion> ListModelVersionsAsync(string groupName, ModelApprovalStatus? approvalStatus = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        SageMakerNameRules.Validate(groupName, "ModelPackageGroupName");
        var request = new ListModelPackagesRequest
        {
            ModelPackageGroupName = groupName,
            ModelApprovalStatus = approvalStatus,
            ModelPackageType = ModelPackageType.Versioned,
            SortBy = ModelPackageSortBy.CreationTime,
            SortOrder = SortOrder.Descending,
        };
        request.Validate();

        // Sorted again here: the order of the listing is the adapter's, and "newest" decides what gets deployed.
        var summaries = new List<ModelPackageSummary>();
        await foreach (var summary in _sageMaker.ListModelPackagesAsync(request, cancellationToken).ConfigureAwait(false))
        {
            if (approvalStatus is null || summary.ModelApprovalStatus == approvalStatus)
            {
                summaries.Add(summary);
            }
        }

        foreach (var summary in summaries.OrderByDescending(s => s.ModelPackageVersion ?? 0).ThenByDescending(s => s.CreationTime))
        {
            yield return await GetModelVersionAsync(summary.ModelPackageArn, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Finds the newest Approved version of a group.</summary>
    /// <param name="groupName">The group.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The version, or <see langword="null"/> when none is Approved.</returns>
    public async Task<ModelVersion?> GetLatestApprovedVersionAsync(string groupName, CancellationToken cancellationToken = default)
    {
        await foreach (var version in ListModelVersionsAsync(groupName, ModelApprovalStatus.Approved, cancellationToken).ConfigureAwait(false))
        {
            return version;
        }

        return null;
    }

    /// <summary>Approves a version.</summary>
    /// <param name="modelPackageArn">The version.</param>
    /// <param name="description">Why, recorded as its ApprovalDescription.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The version as it is now.</returns>
    public Task<ModelVersion> ApproveAsync(string modelPackageArn, string description, CancellationToken cancellationToken = default) =>
        SetApprovalStatusAsync(modelPackageArn, ModelApprovalStatus.Approved, description, null, null, cancellationToken);

    /// <summary>Rejects a version.</summary>
    /// <param name="modelPackageArn">The version.</param>
    /// <param name="description">Why, recorded as its ApprovalDescription.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The version as it is now.</returns>
    public Task<ModelVersion> RejectAsync(string modelPackageArn, string description, CancellationToken cancellationToken = default) =>
        SetApprovalStatusAsync(modelPackageArn, ModelApprovalStatus.Rejected, description, null, null, cancellationToken);

    /// <summary>
    /// Sets a version's approval status and description, and changes its metadata as SageMaker's UpdateModelPackage
    /// does: the keys given are added or overwritten, the keys to remove are deleted, every other key stays.
    /// </summary>
    /// <param name="modelPackageArn">The version.</param>
    /// <param name="status">The new status.</param>
    /// <param name="description">Why, recorded as its ApprovalDescription (at most 1,024 characters).</param>
    /// <param name="metadata">Metadata to add or overwrite, or <see langword="null"/>.</param>
    /// <param name="metadataToRemove">Metadata keys to delete, or <see langword="null"/>; a key may not also be in <paramref name="metadata"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The version as it is now.</returns>
    public async Task<ModelVersion> SetApprovalStatusAsync(string modelPackageArn, ModelApprovalStatus status, string? description, IReadOnlyDictionary<string, string>? metadata = null, IReadOnlyList<string>? metadataToRemove = null, CancellationToken cancellationToken = default)
    {
        var request = new UpdateModelPackageRequest
        {
            ModelPackageArn = modelPackageArn,
            ModelApprovalStatus = status,
            ApprovalDescription = description is { Length: > 1024 } ? description[..1021] + "..." : description,
            CustomerMetadataProperties = metadata is { Count: > 0 } ? metadata : null,
            CustomerMetadataPropertiesToRemove = metadataToRemove is { Count: > 0 } ? metadataToRemove : null,
        };
        request.Validate();
        await _sageMaker.UpdateModelPackageAsync(request, cancellationToken).ConfigureAwait(false);
        _logger.LogInformation("Model package {ModelPackageArn} is now {ApprovalStatus}: {ApprovalDescription}", modelPackageArn, status, description);
        return await GetModelVersionAsync(modelPackageArn, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Applies a metric gate to a version against the group's latest Approved version, then approves it or (by default)
    /// rejects it. The decision and its numbers are recorded on the version: the reason as ApprovalDescription and the
    /// numbers as <c>gate:*</c> metadata.
    /// </summary>
    /// <param name="modelPackageArn">The candidate version.</param>
    /// <param name="gate">The gate.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The decision.</returns>
    public async Task<MetricGateDecision> ApplyMetricGateAsync(string modelPackageArn, MetricGate gate, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(gate);
        gate.Validate();
        var candidate = await GetModelVersionAsync(modelPackageArn, cancellationToken).ConfigureAwait(false);
        ModelVersion? baseline = null;
        if (gate.MinimumImprovement is not null && candidate.GroupName is { } group)
        {
            await foreach (var version in ListModelVersionsAsync(group, ModelApprovalStatus.Approved, cancellationToken).ConfigureAwait(false))
            {
                if (version.Arn != candidate.Arn)
                {
                    baseline = version;
                    break;
                }
            }
        }

        var decision = gate.Evaluate(candidate.Metrics, baseline);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [RegistryMetadataKeys.GateDecision] = decision.Approved ? "approved" : "rejected",
            [RegistryMetadataKeys.GateMetric] = MetadataKey(decision.MetricName),
            [RegistryMetadataKeys.GateDirection] = decision.Direction.ToString(),
        };
        Put(metadata, RegistryMetadataKeys.GateValue, decision.CandidateValue);
        Put(metadata, RegistryMetadataKeys.GateThreshold, decision.Threshold);
        Put(metadata, RegistryMetadataKeys.GateBaseline, decision.BaselineValue);
        Put(metadata, RegistryMetadataKeys.GateMargin, decision.MinimumImprovement);
        if (decision.BaselineVersionArn is { } baselineArn && baselineArn.Length <= 256)
        {
            metadata[RegistryMetadataKeys.GateBaselineVersion] = baselineArn;
        }

        var status = decision.Approved
            ? ModelApprovalStatus.Approved
            : gate.RejectWhenFailed ? ModelApprovalStatus.Rejected : candidate.ApprovalStatus ?? ModelApprovalStatus.PendingManualApproval;

        // UpdateModelPackage merges metadata, so the entries of an earlier gate run that this run does not write
        // (a baseline that no longer exists, a threshold no longer set) would stay and mislead; they are removed.
        var stale = candidate.Metadata.Keys
            .Where(k => k.StartsWith(RegistryMetadataKeys.GatePrefix, StringComparison.Ordinal) && !metadata.ContainsKey(k))
            .Order(StringComparer.Ordinal)
            .ToList();
        await SetApprovalStatusAsync(candidate.Arn, status, decision.Reason, metadata, stale, cancellationToken).ConfigureAwait(false);
        return decision;
    }

    private async Task<DescribeModelPackageGroupResponse?> TryDescribeGroupAsync(string groupName, CancellationToken cancellationToken)
    {
        try
        {
            return await _sageMaker.DescribeModelPackageGroupAsync(new DescribeModelPackageGroupRequest { ModelPackageGroupName = groupName }, cancellationToken).ConfigureAwait(false);
        }
        catch (MlOpsException e) when (ResourceErrors.IsNotFound(e))
        {
            return null;
        }
    }

    private async Task<ModelVersion?> FindVersionOfJobAsync(string groupName, string trainingJobName, CancellationToken cancellationToken)
    {
        var checkedCount = 0;
        await foreach (var version in ListModelVersionsAsync(groupName, null, cancellationToken).ConfigureAwait(false))
        {
            if (version.TrainingJobName == trainingJobName)
            {
                return version;
            }

            if (++checkedCount >= RecentVersionsCheckedForRetry)
            {
                break;
            }
        }

        return null;
    }

    private static Dictionary<string, string> BuildMetadata(TrainingJob job, IReadOnlyDictionary<string, string> extra)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [RegistryMetadataKeys.TrainingJobName] = job.Name,
        };
        foreach (var (name, value) in job.FinalMetrics.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            Put(metadata, RegistryMetadataKeys.MetricPrefix + MetadataKey(name), value);
        }

        foreach (var (key, value) in extra)
        {
            metadata[key] = value;
        }

        // Room is kept for the gate's entries, which are added at approval time.
        if (metadata.Count > MaxMetadataEntries - 8)
        {
            throw new MlOpsValidationException("CustomerMetadataProperties", $"must hold at most {MaxMetadataEntries - 8} entries with the job's metrics (got {metadata.Count}); define fewer metrics or less metadata", job.Name);
        }

        return metadata;
    }

    private static void Put(Dictionary<string, string> metadata, string key, double? value)
    {
        if (value is { } v)
        {
            metadata[key] = v.ToString("R", CultureInfo.InvariantCulture);
        }
    }

    // Metadata keys allow letters, digits, spaces and _ . : / = + - @ only, up to 128 characters.
    private static string MetadataKey(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            builder.Append(char.IsLetterOrDigit(c) || c is ' ' or '_' or '.' or ':' or '/' or '=' or '+' or '-' or '@' ? c : '_');
        }

        var key = builder.ToString();
        return key.Length <= 100 ? key : key[..100];
    }

    private static string ClientTokenFor(string groupName, string trainingJobName) =>
        SageMakerNameRules.ContentHash($"{groupName}/{trainingJobName}") + "-" + SageMakerNameRules.ContentHash($"{trainingJobName}/{groupName}");
}
