using System.Text.Json.Serialization;

namespace MlOps.Sdk.LocalWire.Logs;

/// <summary>The request of CloudWatch Logs' <c>DescribeLogStreams</c>, with the members the server answers.</summary>
internal sealed record DescribeLogStreamsRequest
{
    /// <summary>The log group.</summary>
    [JsonPropertyName("logGroupName")]
    public string? LogGroupName { get; init; }

    /// <summary>Only streams whose names start with this.</summary>
    [JsonPropertyName("logStreamNamePrefix")]
    public string? LogStreamNamePrefix { get; init; }
}
