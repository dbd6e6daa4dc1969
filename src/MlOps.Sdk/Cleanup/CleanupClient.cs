using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MlOps.Sdk.Endpoints;
using MlOps.Sdk.Naming;
using MlOps.Sdk.SageMaker;
using MlOps.Sdk.Storage;
using MlOps.Sdk.Tagging;

namespace MlOps.Sdk.Cleanup;

/// <summary>
/// Removes what the SDK created and no longer needs: old candidate endpoints with their configs and models, configs and
/// models nothing uses, old model package versions, and old release zips. It plans first (a dry run by default), never
/// touches the production endpoint, the configs it serves or may roll back to, or the newest Approved versions, and
/// every deletion is idempotent. It finds the project's resources with a tag search and name-narrowed listings, in pages,
/// never with one tag read per resource. Immutable and thread-safe; it talks only to the SageMaker, tagging and storage ports.
/// </summary>
public sealed class CleanupClient
{
    private readonly ISageMakerClient _sageMaker;
    private readonly IResourceTaggingClient _tagging;
    private readonly IArtifactStore _artifacts;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<CleanupClient> _logger;
    private readonly EndpointScalingClient? _scaling;

    /// <summary>Creates a client.</summary>
    /// <param name="sageMaker">The SageMaker control plane.</param>
    /// <param name="tagging">The tag search that finds the project's resources.</param>
    /// <param name="artifacts">The artifact store holding <c>s3://</c> release locations.</param>
    /// <param name="timeProvider">The clock ages are judged by.</param>
    /// <param name="logger">Receives each step.</param>
    /// <param name="scaling">Removes an endpoint's auto-scaling before the endpoint goes (AWS keeps targets of deleted endpoints); without it, none is removed.</param>
    public CleanupClient(ISageMakerClient sageMaker, IResourceTaggingClient tagging, IArtifactStore artifacts, TimeProvider? timeProvider = null, ILogger<CleanupClient>? logger = null, EndpointScalingClient? scaling = null)
    {
        _scaling = scaling;
        _sageMaker = sageMaker ?? throw new ArgumentNullException(nameof(sageMaker));
        _tagging = tagging ?? throw new ArgumentNullException(nameof(tagging));
        _artifacts = artifacts ?? throw new ArgumentNullException(nameof(artifacts));
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger<CleanupClient>.Instance;
    }

    /// <summary>Plans a cleanup without deleting anything.</summary>
    /// <param name="policy">What may go.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The plan.</returns>
    public async Task<CleanupPlan> PlanAsync(CleanupPolicy policy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(policy);
        policy.Validate();
        var now = _timeProvider.GetUtcNow();
        var cutoff = now - policy.RetentionPeriod;
        var planner = new CleanupPlanner(_sageMaker, _tagging, _artifacts, policy, cutoff);
        var plan = await planner.PlanAsync(cancellationToken).ConfigureAwait(false);
        var result = new CleanupPlan { Policy = policy, CreatedAt = now, Cutoff = cutoff, Actions = plan.Actions, Protected = plan.Protected };
        foreach (var action in result.Actions)
        {
            _logger.LogInformation("Cleanup plan: delete {Kind} {Name} ({Reason})", action.Kind, action.Name, action.Reason);
        }

        foreach (var kept in result.Protected)
        {
            _logger.LogInformation("Cleanup plan: keep {Kind} {Name} ({Reason})", kept.Kind, kept.Name, kept.Reason);
        }

        return result;
    }

    /// <summary>Carries out a plan, step by step, reporting each. A step that fails is recorded and the next one runs.</summary>
    /// <param name="plan">The plan.</param>
    /// <param name="progress">Receives each step's outcome.</param>
    /// <param name="cancellationToken">Cancels the remaining steps.</param>
    /// <returns>The report.</returns>
    public async Task<CleanupReport> ExecuteAsync(CleanupPlan plan, IProgress<CleanupStepResult>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var steps = new List<CleanupStepResult>(plan.Actions.Count);
        foreach (var action in plan.Actions)
        {
            cancellationToken.ThrowIfCancellationRequested();
            CleanupStepResult step;
            try
            {
                var deleted = await DeleteAsync(action, cancellationToken).ConfigureAwait(false);
                step = new CleanupStepResult(action, deleted ? CleanupOutcome.Deleted : CleanupOutcome.AlreadyGone);
                _logger.LogInformation("Cleanup: {Outcome} {Kind} {Name}", step.Outcome, action.Kind, action.Name);
            }
            catch (Exception e) when (e is MlOpsException or IOException or UnauthorizedAccessException)
            {
                step = new CleanupStepResult(action, CleanupOutcome.Failed, e.Message);
                _logger.LogError("Cleanup: failed to delete {Kind} {Name}: {Message}", action.Kind, action.Name, e.Message);
            }

            steps.Add(step);
            progress?.Report(step);
        }

        return new CleanupReport { Plan = plan, DryRun = false, Steps = steps };
    }

    /// <summary>Plans, then deletes unless the policy is a dry run (the default).</summary>
    /// <param name="policy">What may go.</param>
    /// <param name="progress">Receives each step's outcome.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The report; in a dry run every step is <see cref="CleanupOutcome.Skipped"/>.</returns>
    public async Task<CleanupReport> RunAsync(CleanupPolicy policy, IProgress<CleanupStepResult>? progress = null, CancellationToken cancellationToken = default)
    {
        var plan = await PlanAsync(policy, cancellationToken).ConfigureAwait(false);
        if (!policy.DryRun)
        {
            return await ExecuteAsync(plan, progress, cancellationToken).ConfigureAwait(false);
        }

        var steps = plan.Actions.Select(a => new CleanupStepResult(a, CleanupOutcome.Skipped)).ToList();
        foreach (var step in steps)
        {
            progress?.Report(step);
        }

        _logger.LogInformation("Cleanup dry run: {Count} deletions planned, none made", steps.Count);
        return new CleanupReport { Plan = plan, DryRun = true, Steps = steps };
    }

    private async Task<bool> DeleteAsync(CleanupAction action, CancellationToken cancellationToken)
    {
        switch (action.Kind)
        {
            case CleanupResourceKind.Endpoint:
                if (_scaling is not null)
                {
                    await _scaling.RemoveAsync(action.Name, cancellationToken).ConfigureAwait(false);
                }

                return await IdempotentDeletion.DeleteEndpointAsync(_sageMaker, action.Name, cancellationToken).ConfigureAwait(false);
            case CleanupResourceKind.EndpointConfig:
                return await IdempotentDeletion.DeleteEndpointConfigAsync(_sageMaker, action.Name, cancellationToken).ConfigureAwait(false);
            case CleanupResourceKind.Model:
                return await IdempotentDeletion.DeleteModelAsync(_sageMaker, action.Name, cancellationToken).ConfigureAwait(false);
            case CleanupResourceKind.ModelPackage:
                return await IdempotentDeletion.DeleteModelPackageAsync(_sageMaker, action.Name, cancellationToken).ConfigureAwait(false);
            case CleanupResourceKind.Release when S3Uri.TryParse(action.Name, out var uri):
                var exists = await _artifacts.ExistsAsync(uri, cancellationToken).ConfigureAwait(false);
                await _artifacts.DeleteAsync(uri, cancellationToken).ConfigureAwait(false);
                return exists;
            case CleanupResourceKind.Release:
                if (!File.Exists(action.Name))
                {
                    return false;
                }

                File.Delete(action.Name);
                return true;
            default:
                throw new MlOpsValidationException(nameof(action.Kind), $"'{action.Kind}' is not a kind cleanup deletes");
        }
    }
}
