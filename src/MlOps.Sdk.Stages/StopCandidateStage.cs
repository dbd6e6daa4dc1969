using Microsoft.Extensions.DependencyInjection;
using MlOps.Sdk.Endpoints;
using MlOps.Sdk.Naming;

namespace MlOps.Sdk.Stages;

/// <summary>
/// Stop candidate: deletes a merge request's candidate endpoint, its endpoint configuration and model. It is the
/// <c>on_stop</c> job of the <c>review/mr-&lt;IID&gt;</c> environment, so closing the merge request or
/// <c>auto_stop_in</c> removes forgotten candidates. It refuses any endpoint that is not a candidate.
/// </summary>
public sealed class StopCandidateStage : IStage
{
    /// <summary><c>--endpoint</c>: the candidate endpoint.</summary>
    public static readonly StageOption Endpoint = new("endpoint", "the candidate endpoint (default: <project>-candidate-mr<IID>)", []);

    /// <inheritdoc/>
    public string Name => "stop-candidate";

    /// <inheritdoc/>
    public string Summary => "Deletes the merge request's candidate endpoint with its configuration and model.";

    /// <inheritdoc/>
    public IReadOnlyList<StageOption> Options => [Endpoint];

    /// <inheritdoc/>
    public async Task<int> RunAsync(StageContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var endpointName = context.Arguments.Get(Endpoint.Name);
        if (endpointName is null)
        {
            var release = context.ReleaseContext();
            if (release.Kind != ReleaseKind.Candidate)
            {
                throw new MlOpsValidationException("--endpoint", "is required outside merge-request pipelines: only candidate endpoints are stopped");
            }

            endpointName = context.Namer().EndpointName(release);
        }

        SageMakerNameRules.Validate(endpointName, "--endpoint");
        if (!endpointName.Contains("-candidate-mr", StringComparison.Ordinal))
        {
            throw new MlOpsValidationException("--endpoint", $"must be a candidate endpoint (<project>-candidate-mr<IID>); refusing '{endpointName}'");
        }

        var endpoints = ActivatorUtilities.GetServiceOrCreateInstance<EndpointClient>(context.Services);
        // AWS keeps the scalable targets of a deleted endpoint: they go first.
        var scaling = ActivatorUtilities.GetServiceOrCreateInstance<EndpointScalingClient>(context.Services);
        var unscaled = await scaling.RemoveAsync(endpointName, cancellationToken).ConfigureAwait(false);
        if (unscaled.Count > 0)
        {
            context.Console.WriteResult("auto-scaling", $"removed from {string.Join(", ", unscaled)}");
        }

        var deleted = await context.Console.RunStepAsync(
            $"deleting {endpointName} with its configuration and model",
            ct => endpoints.DeleteEndpointAsync(endpointName, deleteConfigAndModels: true, ct),
            cancellationToken).ConfigureAwait(false);
        context.Console.WriteResult("candidate endpoint", deleted ? $"{endpointName} deleted" : $"{endpointName} was already gone");
        return StageExitCode.Success;
    }
}
