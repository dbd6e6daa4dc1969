namespace MlOps.Sdk.LocalWire.CloudWatch;

/// <summary>CloudWatch's <c>Dimension</c>: one name and value of a metric.</summary>
internal sealed record Dimension
{
    /// <summary>The dimension's name, such as <c>EndpointName</c>.</summary>
    public string? Name { get; init; }

    /// <summary>Its value.</summary>
    public string? Value { get; init; }
}
