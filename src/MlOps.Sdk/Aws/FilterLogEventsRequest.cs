using System.Text.Json.Serialization;

namespace MlOps.Sdk.Aws;

/// <summary>The request of CloudWatch Logs' <c>FilterLogEvents</c>, with the members the training log reader sends and the local wire server reads.</summary>
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

    /// <summary>Only these streams (the local wire server reads it; the training log reader uses the prefix).</summary>
    [JsonPropertyName("logStreamNames")]
    public IReadOnlyList<string>? LogStreamNames { get; init; }

    /// <summary>The last instant wanted, in milliseconds since the epoch (exclusive).</summary>
    [JsonPropertyName("endTime")]
    public long? EndTime { get; init; }

    /// <summary>CloudWatch Logs' filter pattern; the local wire server answers plain terms only.</summary>
    [JsonPropertyName("filterPattern")]
    public string? FilterPattern { get; init; }
}
