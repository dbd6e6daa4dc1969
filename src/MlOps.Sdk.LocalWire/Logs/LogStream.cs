using System.Text.Json.Serialization;

namespace MlOps.Sdk.LocalWire.Logs;

/// <summary>One stream of a <c>DescribeLogStreams</c> answer.</summary>
internal sealed record LogStream
{
    /// <summary>The stream's name: <c>&lt;job&gt;/algo-&lt;n&gt;-&lt;epoch seconds&gt;</c> for a training host, <c>&lt;variant&gt;/&lt;instance id&gt;</c> for an endpoint instance.</summary>
    [JsonPropertyName("logStreamName")]
    public required string LogStreamName { get; init; }

    /// <summary>The stream's ARN.</summary>
    [JsonPropertyName("arn")]
    public required string Arn { get; init; }

    /// <summary>When the stream was created (its first line for a training host, the server's launch for an endpoint instance), in milliseconds since the epoch.</summary>
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
