using System.Text.Json.Serialization;

namespace MlOps.Sdk.Aws;

/// <summary>The request of CloudWatch Logs' <c>FilterLogEvents</c>, with the members the training log reader uses.</summary>
internal sealed record FilterLogEventsRequest
{
    /// <summary>The log group.</summary>
    [JsonPropertyName("logGroupName")]
    public required string LogGroupName { get; init; }

    /// <summary>Only streams whose names start with this.</summary>
    [JsonPropertyName("logStreamNamePrefix")]
    public string? LogStreamNamePrefix { get; init; }

    /// <summary>The first instant wanted, in milliseconds since the epoch.</summary>
    [JsonPropertyName("startTime")]
    public long? StartTime { get; init; }

    /// <summary>The page to read.</summary>
    [JsonPropertyName("nextToken")]
    public string? NextToken { get; init; }
}
