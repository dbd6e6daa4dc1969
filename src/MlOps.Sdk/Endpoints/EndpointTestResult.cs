namespace MlOps.Sdk.Endpoints;

/// <summary>How one test request went.</summary>
public sealed record EndpointTestResult
{
    /// <summary>The test's name.</summary>
    public required string Name { get; init; }

    /// <summary>Whether the request succeeded and its answer met every expectation.</summary>
    public required bool Passed { get; init; }

    /// <summary>Time from request to answer.</summary>
    public required TimeSpan Latency { get; init; }

    /// <summary>The error code when the invocation failed (<c>ModelError</c>, <c>ValidationError</c>...).</summary>
    public string? ErrorCode { get; init; }

    /// <summary>What went wrong, or <see langword="null"/> when it passed.</summary>
    public string? Message { get; init; }

    /// <summary>The answer, shortened to 1,000 characters.</summary>
    public string? ResponseBody { get; init; }
}
