using System.Text.Json.Serialization;

namespace MlOps.Sdk.LocalWire.CloudWatch;

/// <summary>The request of CloudWatch's <c>TagResource</c>.</summary>
internal sealed record TagResourceRequest
{
    /// <summary>The alarm's ARN.</summary>
    [JsonPropertyName("ResourceARN")]
    public string? ResourceArn { get; init; }

    /// <summary>The tags to add or change.</summary>
    public IReadOnlyList<Tag>? Tags { get; init; }
}
