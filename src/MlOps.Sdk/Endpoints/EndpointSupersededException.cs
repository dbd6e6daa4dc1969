namespace MlOps.Sdk.Endpoints;

/// <summary>
/// A newer deployment has replaced the one this caller made or is about to replace: the endpoint serves another config
/// than the one this pipeline deployed, an update to another config is in progress on it, or a newer pipeline (a higher <see cref="Naming.StandardTagKeys.Pipeline"/> tag)
/// deployed it last. Nothing was changed. It mirrors GitLab's "The deployment job is older than the latest deployment":
/// an older pipeline must neither test, roll back nor overwrite what a newer one put in service.
/// </summary>
public sealed class EndpointSupersededException : MlOpsException
{
    /// <summary>The error code of this exception.</summary>
    public const string SupersededErrorCode = "EndpointSuperseded";

    /// <summary>Creates the exception.</summary>
    /// <param name="endpointName">The endpoint.</param>
    /// <param name="expectedEndpointConfigName">The config this caller deployed, or is about to deploy.</param>
    /// <param name="servedEndpointConfigName">The config the endpoint serves.</param>
    /// <param name="newerPipelineId">The pipeline that deployed the endpoint last, when it is known to be newer than <paramref name="pipelineId"/>.</param>
    /// <param name="pipelineId">The caller's pipeline, when known.</param>
    /// <param name="pendingEndpointConfigName">
    /// The config of another deployment in progress on the endpoint (DescribeEndpoint's <c>PendingDeploymentSummary</c>),
    /// when that is why this caller is superseded.
    /// </param>
    public EndpointSupersededException(string endpointName, string expectedEndpointConfigName, string? servedEndpointConfigName, string? newerPipelineId = null, string? pipelineId = null, string? pendingEndpointConfigName = null)
        : base(MessageFor(endpointName, expectedEndpointConfigName, servedEndpointConfigName, newerPipelineId, pipelineId, pendingEndpointConfigName), SupersededErrorCode, resourceName: endpointName)
    {
        PendingEndpointConfigName = pendingEndpointConfigName;
        ExpectedEndpointConfigName = expectedEndpointConfigName;
        ServedEndpointConfigName = servedEndpointConfigName;
        NewerPipelineId = newerPipelineId;
        PipelineId = pipelineId;
    }

    /// <summary>The config this caller deployed, or is about to deploy.</summary>
    public string ExpectedEndpointConfigName { get; }

    /// <summary>The config the endpoint serves.</summary>
    public string? ServedEndpointConfigName { get; }

    /// <summary>The pipeline that deployed the endpoint last, when it is known to be newer than <see cref="PipelineId"/>.</summary>
    public string? NewerPipelineId { get; }

    /// <summary>The caller's pipeline, when known.</summary>
    public string? PipelineId { get; }

    /// <summary>The config of another deployment in progress on the endpoint, when that is why this caller is superseded.</summary>
    public string? PendingEndpointConfigName { get; }

    private static string MessageFor(string endpointName, string expected, string? served, string? newerPipelineId, string? pipelineId, string? pending)
    {
        if (newerPipelineId is not null)
        {
            return $"Endpoint '{endpointName}' was last deployed by pipeline {newerPipelineId} (config '{served}'), which is newer than this pipeline{(pipelineId is null ? string.Empty : " " + pipelineId)}: "
                + $"this deployment is older than the latest deployment, so it does not put '{expected}' in its place. "
                + "To roll back to this pipeline's model on purpose, deploy with AllowOutdatedDeployment (the deploy stage's --allow-outdated true).";
        }

        if (pending is not null)
        {
            return $"Endpoint '{endpointName}' is being deployed with config '{pending}' (it serves '{served}' until that deployment ends), not '{expected}' that this pipeline deployed: a newer deploy is in progress. "
                + "This pipeline neither tests it nor rolls it back (that would undo the newer deployment); the newer pipeline's own test stage tests it.";
        }

        return $"Endpoint '{endpointName}' serves config '{served}', not '{expected}' that this pipeline deployed: a newer pipeline has deployed it since. "
            + "This pipeline neither tests it nor rolls it back (that would undo the newer deployment); the newer pipeline's own test stage tests it.";
    }
}
