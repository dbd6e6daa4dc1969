namespace MlOps.Sdk.Endpoints;

/// <summary>Latency of N sequential requests: nearest-rank percentiles over the successful ones.</summary>
public sealed record LatencyReport
{
    /// <summary>Requests sent.</summary>
    public required int Requests { get; init; }

    /// <summary>Requests that failed (not counted in the percentiles).</summary>
    public required int Failures { get; init; }

    /// <summary>The median.</summary>
    public required TimeSpan P50 { get; init; }

    /// <summary>The 90th percentile.</summary>
    public required TimeSpan P90 { get; init; }

    /// <summary>The 99th percentile.</summary>
    public required TimeSpan P99 { get; init; }

    /// <summary>The fastest.</summary>
    public required TimeSpan Min { get; init; }

    /// <summary>The slowest.</summary>
    public required TimeSpan Max { get; init; }

    /// <summary>The mean.</summary>
    public required TimeSpan Mean { get; init; }

    /// <summary>Computes the report from measured latencies.</summary>
    /// <param name="latencies">Latencies of the successful requests.</param>
    /// <param name="failures">How many requests failed.</param>
    /// <returns>The report; all zero when nothing succeeded.</returns>
    public static LatencyReport FromSamples(IReadOnlyCollection<TimeSpan> latencies, int failures)
    {
        ArgumentNullException.ThrowIfNull(latencies);
        var sorted = latencies.OrderBy(l => l).ToArray();
        return new LatencyReport
        {
            Requests = sorted.Length + failures,
            Failures = failures,
            P50 = Percentile(sorted, 50),
            P90 = Percentile(sorted, 90),
            P99 = Percentile(sorted, 99),
            Min = sorted.Length == 0 ? TimeSpan.Zero : sorted[0],
            Max = sorted.Length == 0 ? TimeSpan.Zero : sorted[^1],
            Mean = sorted.Length == 0 ? TimeSpan.Zero : TimeSpan.FromTicks((long)sorted.Average(l => l.Ticks)),
        };
    }

    // Nearest rank: the smallest sample with at least p % of the samples at or below it.
    private static TimeSpan Percentile(TimeSpan[] sorted, int p)
    {
        if (sorted.Length == 0)
        {
            return TimeSpan.Zero;
        }

        var rank = (int)Math.Ceiling(p / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank, 1, sorted.Length) - 1];
    }
}
