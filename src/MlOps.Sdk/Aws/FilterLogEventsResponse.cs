using System.Text.Json.Serialization;

namespace MlOps.Sdk.Aws;

/// <summary>The response of CloudWatch Logs' <c>FilterLogEvents</c>.</summary>
internal sealed record FilterLogEventsResponse
{
    /// <summary>The events of this page.</summary>
    [JsonPropertyName("events")]
    public IReadOnlyList<FilteredLogEvent>? Events { get; init; }

    /// <summary>The next page, if any.</summary>
    [JsonPropertyName("nextToken")]
    public string? NextToken { get; init; }
}
