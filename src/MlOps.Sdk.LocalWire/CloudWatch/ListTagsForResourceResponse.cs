namespace MlOps.Sdk.LocalWire.CloudWatch;

/// <summary>The answer of CloudWatch's <c>ListTagsForResource</c>.</summary>
internal sealed record ListTagsForResourceResponse
{
    /// <summary>The alarm's tags, in key order.</summary>
    public required IReadOnlyList<Tag> Tags { get; init; }
}
