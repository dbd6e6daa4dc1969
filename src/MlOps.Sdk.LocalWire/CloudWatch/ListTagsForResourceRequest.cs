using System.Text.Json.Serialization;

namespace MlOps.Sdk.LocalWire.CloudWatch;

/// <summary>The request of CloudWatch's <c>ListTagsForResource</c>.</summary>
internal sealed record ListTagsForResourceRequest
{
    /// <summary>The alarm's ARN.</summary>
    [JsonPropertyName("ResourceARN")]
    public string? ResourceArn { get; init; }
}
