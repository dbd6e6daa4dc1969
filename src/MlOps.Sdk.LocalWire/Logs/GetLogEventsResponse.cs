using System.Text.Json.Serialization;

namespace MlOps.Sdk.LocalWire.Logs;

/// <summary>The answer of <c>GetLogEvents</c>.</summary>
internal sealed record GetLogEventsResponse
{
    /// <summary>The events, oldest first.</summary>
    [JsonPropertyName("events")]
    public required IReadOnlyList<OutputLogEvent> Events { get; init; }

    /// <summary>The token of the next page forward; the same token again means no newer events yet.</summary>
    [JsonPropertyName("nextForwardToken")]
    public required string NextForwardToken { get; init; }

    /// <summary>The token of the page before this one.</summary>
    [JsonPropertyName("nextBackwardToken")]
    public required string NextBackwardToken { get; init; }
}
