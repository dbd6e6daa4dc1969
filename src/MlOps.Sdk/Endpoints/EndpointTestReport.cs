using System.Text.Json;
using System.Text.Json.Serialization;

namespace MlOps.Sdk.Endpoints;

/// <summary>The outcome of testing an endpoint: a health invocation, sample requests and latency percentiles.</summary>
public sealed record EndpointTestReport
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The endpoint tested.</summary>
    public required string EndpointName { get; init; }

    /// <summary>When testing started.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>The health invocation.</summary>
    public EndpointTestResult? Health { get; init; }

    /// <summary>Each sample request.</summary>
    public IReadOnlyList<EndpointTestResult> Samples { get; init; } = [];

    /// <summary>Latency over repeated requests, when measured.</summary>
    public LatencyReport? Latency { get; init; }

    /// <summary>Whether the health invocation and every sample passed, and no latency request failed.</summary>
    public bool Passed => (Health?.Passed ?? true) && Samples.All(s => s.Passed) && (Latency?.Failures ?? 0) == 0;

    /// <summary>The failures, one line each, for logs and exit messages.</summary>
    public IReadOnlyList<string> Failures =>
        new[] { Health }.Concat(Samples)
            .Where(r => r is { Passed: false })
            .Select(r => $"{r!.Name}: {r.Message}")
            .Concat((Latency?.Failures ?? 0) > 0 ? [$"latency: {Latency!.Failures} of {Latency.Requests} requests failed"] : [])
            .ToList();

    /// <summary>The report as indented JSON, for a pipeline artifact.</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>Reads a report that <see cref="ToJson"/> wrote, such as the test stage's artifact.</summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="source">Where the text came from, for the error message.</param>
    /// <returns>The report.</returns>
    /// <exception cref="MlOpsValidationException">The text is not such a report.</exception>
    public static EndpointTestReport FromJson(string json, string source)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            return JsonSerializer.Deserialize<EndpointTestReport>(json, JsonOptions)
                ?? throw new MlOpsValidationException(source, "must hold an endpoint test report, not null");
        }
        catch (JsonException ex)
        {
            throw new MlOpsValidationException(source, $"must be an endpoint test report written by the test stage: {ex.Message}");
        }
    }
}
