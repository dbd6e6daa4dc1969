using MlOps.Sdk.SageMaker;

namespace MlOps.Sdk.Local;

/// <summary>A model package group as stored locally, with the last version number handed out (never reused, as on SageMaker).</summary>
internal sealed record LocalModelPackageGroupRecord
{
    public required DescribeModelPackageGroupResponse Description { get; init; }

    public int LastVersion { get; init; }
}
