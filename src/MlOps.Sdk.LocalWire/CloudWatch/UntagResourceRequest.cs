using System.Text.Json.Serialization;

namespace MlOps.Sdk.LocalWire.CloudWatch;

/// <summary>The request of CloudWatch's <c>UntagResource</c>.</summary>
internal sealed record UntagResourceRequest
{
    /// <summary>The alarm's ARN.</summary>
    [JsonPropertyName("ResourceARN")]
    public string? ResourceArn { get; init; }

    /// <summary>The keys to remove.</summary>
    public IReadOnlyList<string>? TagKeys { get; init; }
}
