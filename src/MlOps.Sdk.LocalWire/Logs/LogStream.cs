using System.Text.Json.Serialization;

namespace MlOps.Sdk.LocalWire.Logs;

/// <summary>One stream of a <c>DescribeLogStreams</c> answer.</summary>
internal sealed record LogStream
{
    /// <summary>The stream's name, <c>&lt;job&gt;/algo-1-&lt;epoch seconds&gt;</c>.</summary>
    [JsonPropertyName("logStreamName")]
    public required string LogStreamName { get; init; }

    /// <summary>The stream's ARN.</summary>
    [JsonPropertyName("arn")]
    public required string Arn { get; init; }

    /// <summary>When the stream was created (the job's creation), in milliseconds since the epoch.</summary>
    [JsonPropertyName("creationTime")]
    public required long CreationTime { get; init; }

    /// <summary>The first event's time, when there is one.</summary>
    [JsonPropertyName("firstEventTimestamp")]
    public long? FirstEventTimestamp { get; init; }

    /// <summary>The last event's time, when there is one.</summary>
    [JsonPropertyName("lastEventTimestamp")]
    public long? LastEventTimestamp { get; init; }

    /// <summary>The last event's storage time, when there is one.</summary>
    [JsonPropertyName("lastIngestionTime")]
    public long? LastIngestionTime { get; init; }
}
