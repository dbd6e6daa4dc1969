namespace MlOps.Sdk.Registry;

/// <summary>What a <see cref="MetricGate"/> decided about one candidate, and the numbers it decided on.</summary>
public sealed record MetricGateDecision
{
    /// <summary>Whether the candidate passed every check.</summary>
    public required bool Approved { get; init; }

    /// <summary>The metric compared.</summary>
    public required string MetricName { get; init; }

    /// <summary>Which way the metric improves.</summary>
    public required MetricDirection Direction { get; init; }

    /// <summary>The candidate's value, or <see langword="null"/> when it has none (which fails the gate).</summary>
    public double? CandidateValue { get; init; }

    /// <summary>The threshold required, if any.</summary>
    public double? Threshold { get; init; }

    /// <summary>The baseline's value, when a baseline was compared.</summary>
    public double? BaselineValue { get; init; }

    /// <summary>The ARN of the baseline version, when there was one.</summary>
    public string? BaselineVersionArn { get; init; }

    /// <summary>The improvement over the baseline required, if compared.</summary>
    public double? MinimumImprovement { get; init; }

    /// <summary>The decision in one sentence, with its numbers; written to the version's ApprovalDescription.</summary>
    public required string Reason { get; init; }
}
