using System.Text.Json.Serialization;

namespace MlOps.Sdk.Aws;

/// <summary>One event of a <c>FilterLogEvents</c> answer.</summary>
internal sealed record FilteredLogEvent
{
    /// <summary>The stream the event belongs to.</summary>
    [JsonPropertyName("logStreamName")]
    public string? LogStreamName { get; init; }

    /// <summary>When the event happened, in milliseconds since the epoch.</summary>
    [JsonPropertyName("timestamp")]
    public long? Timestamp { get; init; }

    /// <summary>The log line.</summary>
    [JsonPropertyName("message")]
    public string? Message { get; init; }

    /// <summary>When the event was stored, in milliseconds since the epoch.</summary>
    [JsonPropertyName("ingestionTime")]
    public long? IngestionTime { get; init; }

    /// <summary>The event's id.</summary>
    [JsonPropertyName("eventId")]
    public string? EventId { get; init; }
}
