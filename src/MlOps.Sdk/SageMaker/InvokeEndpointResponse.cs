namespace MlOps.Sdk.SageMaker;

/// <summary>The response of the SageMaker runtime <c>InvokeEndpoint</c> operation.</summary>
public sealed record InvokeEndpointResponse
{
    /// <summary>The model's answer.</summary>
    public required ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>The MIME type of <see cref="Body"/>.</summary>
    public string? ContentType { get; init; }

    /// <summary>The production variant that answered.</summary>
    public string? InvokedProductionVariant { get; init; }

    /// <summary>Opaque text the model container returned as <c>X-Amzn-SageMaker-Custom-Attributes</c>.</summary>
    public string? CustomAttributes { get; init; }
}
