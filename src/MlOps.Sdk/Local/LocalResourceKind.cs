namespace MlOps.Sdk.Local;

/// <summary>The kinds of resource the local state database holds, named like the resource part of their ARNs.</summary>
internal static class LocalResourceKind
{
    internal const string TrainingJob = "training-job";
    internal const string ModelPackageGroup = "model-package-group";
    internal const string ModelPackage = "model-package";
    internal const string Model = "model";
    internal const string EndpointConfig = "endpoint-config";
    internal const string Endpoint = "endpoint";
    internal const string Image = "image";
    internal const string ScalableTarget = "scalable-target";
    internal const string ScalingPolicy = "scaling-policy";
}
