namespace MlOps.Sdk.Local;

/// <summary>ARNs shaped like SageMaker's, with the local account and region. SageMaker lowercases names inside ARNs.</summary>
internal sealed class LocalArns(string region, string accountId)
{
    internal string Region { get; } = region;

    internal string AccountId { get; } = accountId;

    internal string For(string resourceType, string name) =>
        $"arn:aws:sagemaker:{Region}:{AccountId}:{resourceType}/{name.ToLowerInvariant()}";

    internal string ModelPackage(string groupName, int version) =>
        $"arn:aws:sagemaker:{Region}:{AccountId}:model-package/{groupName.ToLowerInvariant()}/{version}";

    internal string ImageRegistryHost => $"{AccountId}.dkr.ecr.{Region}.amazonaws.com";
}
