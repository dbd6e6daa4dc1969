using System.Text.Json.Serialization;

namespace MlOps.Sdk.LocalWire.Logs;

/// <summary>The answer of <c>DescribeLogStreams</c>.</summary>
internal sealed record DescribeLogStreamsResponse
{
    /// <summary>The streams, by name.</summary>
    [JsonPropertyName("logStreams")]
    public required IReadOnlyList<LogStream> LogStreams { get; init; }

    /// <summary>The next page's token.</summary>
    [JsonPropertyName("nextToken")]
    public string? NextToken { get; init; }
}
