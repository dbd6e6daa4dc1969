using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Sdk.Naming;
using MlOps.Sdk.Registry;
using MlOps.Sdk.SageMaker;
using MlOps.Sdk.Stages.Settings;
using MlOps.Sdk.Storage;

namespace MlOps.Sdk.Stages;

/// <summary>
/// Register: registers the training job's model as a new version of the model package group. Candidates stay
/// PendingManualApproval; on stable pipelines the metric gate (manifest.json registry.gate) approves the version, or
/// rejects it and fails the stage. The model and its description are kept for the release zip.
/// </summary>
public sealed class RegisterStage : IStage
{
    /// <summary><c>--group</c>: the model package group.</summary>
    public static readonly StageOption Group = StageOption.Create("group", "the model package group (manifest.json: registry.modelPackageGroup)", null, "MLOPS_MODEL_PACKAGE_GROUP") with { ManifestKey = "registry.modelPackageGroup" };

    /// <summary><c>--training-job</c>: the training job whose model is registered.</summary>
    public static readonly StageOption TrainingJob = StageOption.Create("training-job", "the completed training job whose model is registered (handed on by train)");

    /// <summary><c>--approval-status</c>: the version's approval status, instead of the pipeline's default.</summary>
    public static readonly StageOption ApprovalStatus = StageOption.Create("approval-status", "Approved, Rejected or PendingManualApproval (default: manifest.json registry.candidateApprovalStatus on merge requests, else PendingManualApproval; stable pipelines apply the metric gate)");

    /// <summary><c>--gate-metric</c>: the metric the gate checks.</summary>
    public static readonly StageOption GateMetric = StageOption.Create("gate-metric", "the metric the gate checks (manifest.json: registry.gate.metric)") with { ManifestKey = "registry.gate.metric" };

    /// <summary><c>--gate-threshold</c>: the gate's threshold.</summary>
    public static readonly StageOption GateThreshold = StageOption.Create("gate-threshold", "the gate's threshold (manifest.json: registry.gate.threshold)") with { ManifestKey = "registry.gate.threshold" };

    /// <inheritdoc/>
    public string Name => "register";

    /// <inheritdoc/>
    public string Summary => "Registers the trained model in the model package group; on the default branch the metric gate approves or rejects it.";

    /// <inheritdoc/>
    public IReadOnlyList<StageOption> Options => [Group, TrainingJob, ApprovalStatus, GateMetric, GateThreshold];

    /// <inheritdoc/>
    public async Task<int> RunAsync(StageContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var arguments = context.Arguments;
        var settings = context.Settings;
        var release = context.ReleaseContext();
        var namer = context.Namer();
        var group = settings.Project.ModelPackageGroup ?? namer.ModelPackageGroupName;
        SageMakerNameRules.Validate(group, "--group");
        var jobName = arguments.Require(TrainingJob.Name, "run the train stage first");
        ModelApprovalStatus? explicitStatus = arguments.Get(ApprovalStatus.Name) is { } statusText
            ? Enum.TryParse<ModelApprovalStatus>(statusText, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
                ? parsed
                : throw new MlOpsValidationException("--approval-status", $"must be Approved, Rejected or PendingManualApproval (got '{statusText}')")
            : null;

        var gate = explicitStatus is null && release.Kind == ReleaseKind.Stable
            ? settings.Registry.Gate ?? throw new MlOpsValidationException("--gate-metric", $"is required on stable pipelines: pass --gate-metric or set registry.gate.metric in {ProjectManifest.FileName}")
            : null;

        var spec = new ModelVersionSpec
        {
            ModelPackageGroupName = group,
            TrainingJobName = jobName,
            ApprovalStatus = explicitStatus ?? (release.Kind == ReleaseKind.Candidate ? settings.Registry.CandidateApprovalStatus : ModelApprovalStatus.PendingManualApproval),
            Description = $"{release.Kind.ToString().ToLowerInvariant()} model from {jobName} (commit {release.CommitId})",
            ContentTypes = settings.Registry.ContentTypes,
            ResponseTypes = settings.Registry.ResponseTypes,
            RealtimeInstanceTypes = settings.Registry.RealtimeInstanceTypes,
            Tags = namer.Tags(release),
        };

        var registry = ActivatorUtilities.GetServiceOrCreateInstance<RegistryClient>(context.Services);
        await context.Console.RunStepAsync($"model package group {group}", ct => registry.EnsureModelPackageGroupAsync(group, $"Models of {namer.Project}", namer.Tags(release), ct), cancellationToken).ConfigureAwait(false);
        var version = await context.Console.RunStepAsync($"registering the model of {jobName}", ct => registry.RegisterModelVersionAsync(spec, ct), cancellationToken).ConfigureAwait(false);
        context.Console.WriteResult("model package", version.Arn);

        var exitCode = StageExitCode.Success;
        if (gate is not null)
        {
            var decision = await context.Console.RunStepAsync($"metric gate {gate.MetricName}", ct => registry.ApplyMetricGateAsync(version.Arn, gate, ct), cancellationToken).ConfigureAwait(false);
            context.Console.WriteResult("gate", $"{(decision.Approved ? "approved" : "rejected")}: {decision.Reason}");
            version = await registry.GetModelVersionAsync(version.Arn, cancellationToken).ConfigureAwait(false);
            exitCode = decision.Approved ? StageExitCode.Success : StageExitCode.Failed;
        }

        context.Console.WriteResult("approval status", version.ApprovalStatus?.ToString() ?? "unknown");
        await KeepForReleaseAsync(context, version, cancellationToken).ConfigureAwait(false);
        await context.Handoff.PublishAsync(
            new Dictionary<string, string>
            {
                ["MLOPS_MODEL_PACKAGE_ARN"] = version.Arn,
                ["MLOPS_MODEL_PACKAGE_GROUP"] = group,
                ["MLOPS_APPROVAL_STATUS"] = version.ApprovalStatus?.ToString() ?? string.Empty,
            },
            cancellationToken).ConfigureAwait(false);
        return exitCode;
    }

    /// <summary>Puts the model and its description where the package stage takes them from.</summary>
    /// <param name="context">The stage's context.</param>
    /// <param name="version">The model version.</param>
    /// <param name="cancellationToken">Cancels the copy.</param>
    /// <returns>A task that completes once the files are written.</returns>
    internal static async Task KeepForReleaseAsync(StageContext context, ModelVersion version, CancellationToken cancellationToken)
    {
        var inputs = context.ResolvePath(StageFiles.ReleaseInputDirectory);
        var modelFolder = Path.Combine(inputs, "model");
        Directory.CreateDirectory(modelFolder);
        await File.WriteAllTextAsync(
            Path.Combine(modelFolder, StageFiles.ModelPackageFileName),
            JsonSerializer.Serialize(version, new JsonSerializerOptions { WriteIndented = true, Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } }),
            cancellationToken).ConfigureAwait(false);
        if (version.Metrics.Count > 0)
        {
            await File.WriteAllTextAsync(Path.Combine(inputs, StageFiles.MetricsFileName), JsonSerializer.Serialize(version.Metrics), cancellationToken).ConfigureAwait(false);
        }

        // The model itself is not copied: the package stage streams it from the store into the zip. Checking it is
        // there now fails this job, not the package job an hour later.
        if (version.ModelDataUrl is { } modelData)
        {
            var uri = S3Uri.Parse(modelData, "ModelDataUrl");
            var store = context.Services.GetRequiredService<IArtifactStore>();
            if (!await store.ExistsAsync(uri, cancellationToken).ConfigureAwait(false))
            {
                throw new MlOpsException($"the model data {uri} of model version {version.Arn} does not exist", MlOpsErrorCodes.NoSuchKey, System.Net.HttpStatusCode.NotFound, uri.ToString());
            }
        }
    }
}
