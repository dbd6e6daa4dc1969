using System.Text.Json.Serialization;

namespace MlOps.Sdk.LocalWire.Logs;

/// <summary>The request of CloudWatch Logs' <c>GetLogEvents</c>, with the members the server answers.</summary>
internal sealed record GetLogEventsRequest
{
    /// <summary>The log group.</summary>
    [JsonPropertyName("logGroupName")]
    public string? LogGroupName { get; init; }

    /// <summary>The stream.</summary>
    [JsonPropertyName("logStreamName")]
    public string? LogStreamName { get; init; }

    /// <summary>The first instant wanted, in milliseconds since the epoch.</summary>
    [JsonPropertyName("startTime")]
    public long? StartTime { get; init; }

    /// <summary>The last instant wanted, in milliseconds since the epoch (exclusive).</summary>
    [JsonPropertyName("endTime")]
    public long? EndTime { get; init; }

    /// <summary>The page: <c>f/&lt;n&gt;</c> forward or <c>b/&lt;n&gt;</c> backward, as an earlier answer gave.</summary>
    [JsonPropertyName("nextToken")]
    public string? NextToken { get; init; }

    /// <summary>The most events to return (1 to 10,000; 10,000 when not given).</summary>
    [JsonPropertyName("limit")]
    public int? Limit { get; init; }

    /// <summary>Read from the oldest event (the default reads the newest page).</summary>
    [JsonPropertyName("startFromHead")]
    public bool? StartFromHead { get; init; }
}
