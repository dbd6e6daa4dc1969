using System.Text.Json.Serialization;

namespace MlOps.Sdk.LocalWire.Logs;

/// <summary>One event of a <c>GetLogEvents</c> answer.</summary>
internal sealed record OutputLogEvent
{
    /// <summary>When the event happened, in milliseconds since the epoch.</summary>
    [JsonPropertyName("timestamp")]
    public required long Timestamp { get; init; }

    /// <summary>The line.</summary>
    [JsonPropertyName("message")]
    public required string Message { get; init; }

    /// <summary>When the event was stored, in milliseconds since the epoch.</summary>
    [JsonPropertyName("ingestionTime")]
    public required long IngestionTime { get; init; }
}
