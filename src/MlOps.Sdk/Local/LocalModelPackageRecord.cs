using MlOps.Sdk.SageMaker;

namespace MlOps.Sdk.Local;

/// <summary>A model package version as stored locally, with the client token it was created with (CreateModelPackage is idempotent per token).</summary>
internal sealed record LocalModelPackageRecord
{
    public required DescribeModelPackageResponse Description { get; init; }

    public string? ClientToken { get; init; }
}
