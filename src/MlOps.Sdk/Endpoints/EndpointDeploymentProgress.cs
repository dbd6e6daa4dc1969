using MlOps.Sdk.SageMaker;

namespace MlOps.Sdk.Endpoints;

/// <summary>A step of a deployment, reported while waiting: each change of status, served config or traffic weights.</summary>
/// <param name="EndpointName">The endpoint.</param>
/// <param name="Status">Its status.</param>
/// <param name="EndpointConfigName">The config it serves now.</param>
/// <param name="TargetEndpointConfigName">The config being deployed.</param>
/// <param name="Variants">Its production variants, with current and desired weights.</param>
/// <param name="Elapsed">Time since the wait started, on the client's clock.</param>
public sealed record EndpointDeploymentProgress(
    string EndpointName,
    EndpointStatus Status,
    string? EndpointConfigName,
    string? TargetEndpointConfigName,
    IReadOnlyList<ProductionVariantSummary> Variants,
    TimeSpan Elapsed);
