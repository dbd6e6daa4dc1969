using MlOps.Sdk.SageMaker;

namespace MlOps.Sdk.Endpoints;

/// <summary>An endpoint as last described.</summary>
public sealed record DeployedEndpoint
{
    /// <summary>The endpoint name.</summary>
    public required string Name { get; init; }

    /// <summary>The endpoint ARN.</summary>
    public required string Arn { get; init; }

    /// <summary>Its status.</summary>
    public required EndpointStatus Status { get; init; }

    /// <summary>The config it serves now.</summary>
    public string? EndpointConfigName { get; init; }

    /// <summary>Why it failed, when it did.</summary>
    public string? FailureReason { get; init; }

    /// <summary>When it was created.</summary>
    public required DateTimeOffset CreationTime { get; init; }

    /// <summary>When it last changed.</summary>
    public required DateTimeOffset LastModifiedTime { get; init; }

    /// <summary>Its production variants, with weights and instance counts.</summary>
    public IReadOnlyList<ProductionVariantSummary> Variants { get; init; } = [];

    /// <summary>
    /// The deployment in progress, as <c>DescribeEndpoint</c>'s <c>PendingDeploymentSummary</c>: SageMaker returns it
    /// only while the endpoint is being created or updated with a new config, whose name it carries while
    /// <see cref="EndpointConfigName"/> still names the config in service; <see langword="null"/> otherwise.
    /// </summary>
    public PendingDeploymentSummary? PendingDeployment { get; init; }

    /// <summary>Builds the snapshot from a <c>DescribeEndpoint</c> response.</summary>
    /// <param name="response">The response.</param>
    /// <returns>The snapshot.</returns>
    public static DeployedEndpoint FromDescription(DescribeEndpointResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return new DeployedEndpoint
        {
            Name = response.EndpointName,
            Arn = response.EndpointArn,
            Status = response.EndpointStatus,
            EndpointConfigName = response.EndpointConfigName,
            FailureReason = response.FailureReason,
            CreationTime = response.CreationTime,
            LastModifiedTime = response.LastModifiedTime,
            Variants = response.ProductionVariants ?? [],
            PendingDeployment = response.PendingDeploymentSummary,
        };
    }
}
