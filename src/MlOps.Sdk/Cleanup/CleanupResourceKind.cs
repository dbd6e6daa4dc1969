namespace MlOps.Sdk.Cleanup;

/// <summary>The kinds of resource cleanup deletes, in the order it deletes them.</summary>
public enum CleanupResourceKind
{
    /// <summary>A SageMaker endpoint.</summary>
    Endpoint,

    /// <summary>A SageMaker endpoint config.</summary>
    EndpointConfig,

    /// <summary>A SageMaker model.</summary>
    Model,

    /// <summary>A model package version in the registry.</summary>
    ModelPackage,

    /// <summary>A release zip in a folder or under an <c>s3://</c> prefix.</summary>
    Release,
}
