namespace MlOps.Sdk.Endpoints;

/// <summary>
/// What one production variant of an endpoint serves now, read from the endpoint, its config and the variant's model:
/// the answer to "which model version is in production", taken from the service rather than from a pipeline's files.
/// </summary>
public sealed record ServedVariant
{
    /// <summary>The endpoint.</summary>
    public required string EndpointName { get; init; }

    /// <summary>The endpoint config the endpoint serves.</summary>
    public required string EndpointConfigName { get; init; }

    /// <summary>The variant's name.</summary>
    public required string VariantName { get; init; }

    /// <summary>The SageMaker model behind the variant.</summary>
    public string? ModelName { get; init; }

    /// <summary>The variant's instance type, such as <c>ml.m5.large</c>.</summary>
    public string? InstanceType { get; init; }

    /// <summary>How many instances serve the variant now (the endpoint's current count, else the config's initial count).</summary>
    public int? InstanceCount { get; init; }

    /// <summary>The model package version the model was created from, when it was deployed from the registry.</summary>
    public string? ModelPackageArn { get; init; }

    /// <summary>The model data the container serves, when it was deployed from an image and model data.</summary>
    public string? ModelDataUrl { get; init; }

    /// <summary>The serving image, when the model names one.</summary>
    public string? Image { get; init; }
}
