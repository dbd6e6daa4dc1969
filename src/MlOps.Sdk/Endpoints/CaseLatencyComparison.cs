namespace MlOps.Sdk.Endpoints;

/// <summary>One test case's latency on several endpoints, measured side by side (<see cref="EndpointClient.CompareLatencyAsync"/>).</summary>
public sealed record CaseLatencyComparison
{
    /// <summary>The test case's name.</summary>
    public required string CaseName { get; init; }

    /// <summary>The latency percentiles per endpoint name.</summary>
    public required IReadOnlyDictionary<string, LatencyReport> ByEndpoint { get; init; }
}
