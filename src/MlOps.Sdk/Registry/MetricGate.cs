using System.Globalization;

namespace MlOps.Sdk.Registry;

/// <summary>
/// Approves a candidate only when a chosen metric passes a threshold and/or improves on the latest Approved version by a
/// margin. A threshold passes when the value is at least as good as it; an improvement passes when the value is better
/// than the baseline's by at least <see cref="MinimumImprovement"/>.
/// </summary>
public sealed record MetricGate
{
    /// <summary>The metric to compare, as named in the training job's metric definitions.</summary>
    public required string MetricName { get; init; }

    /// <summary>Which way the metric improves.</summary>
    public MetricDirection Direction { get; init; } = MetricDirection.HigherIsBetter;

    /// <summary>The value the candidate must reach, or <see langword="null"/> for no threshold.</summary>
    public double? Threshold { get; init; }

    /// <summary>
    /// The improvement over the latest Approved version the candidate must show (0 means "no worse"), or
    /// <see langword="null"/> to skip the comparison. With no Approved version yet, the comparison passes.
    /// </summary>
    public double? MinimumImprovement { get; init; }

    /// <summary>Whether a failed gate marks the version Rejected (the default) or leaves it pending with the reason recorded.</summary>
    public bool RejectWhenFailed { get; init; } = true;

    /// <summary>Fails unless the gate names a metric and has at least one check.</summary>
    /// <exception cref="MlOpsValidationException">The gate breaks a rule.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(MetricName))
        {
            throw new MlOpsValidationException($"{nameof(MetricGate)}.{nameof(MetricName)}", "is required");
        }

        if (Threshold is null && MinimumImprovement is null)
        {
            throw new MlOpsValidationException(nameof(MetricGate), "needs a Threshold, a MinimumImprovement, or both");
        }

        if (Threshold is { } t && !double.IsFinite(t))
        {
            throw new MlOpsValidationException($"{nameof(MetricGate)}.{nameof(Threshold)}", "must be a finite number");
        }

        if (MinimumImprovement is { } m && (!double.IsFinite(m) || m < 0))
        {
            throw new MlOpsValidationException($"{nameof(MetricGate)}.{nameof(MinimumImprovement)}", "must be a finite number, 0 or more");
        }
    }

    /// <summary>Decides on a candidate; pure, no calls.</summary>
    /// <param name="candidateMetrics">The candidate's metrics.</param>
    /// <param name="baseline">The latest Approved version, or <see langword="null"/> when there is none.</param>
    /// <returns>The decision with its numbers.</returns>
    public MetricGateDecision Evaluate(IReadOnlyDictionary<string, double> candidateMetrics, ModelVersion? baseline)
    {
        ArgumentNullException.ThrowIfNull(candidateMetrics);
        Validate();
        var failures = new List<string>();
        var passes = new List<string>();
        double? value = candidateMetrics.TryGetValue(MetricName, out var v) ? v : null;
        double? baselineValue = null;
        if (value is null || !double.IsFinite(value.Value))
        {
            failures.Add($"the candidate has no finite value for metric '{MetricName}'");
            value = null;
        }
        else
        {
            if (Threshold is { } threshold)
            {
                var ok = Direction == MetricDirection.HigherIsBetter ? value >= threshold : value <= threshold;
                (ok ? passes : failures).Add($"{MetricName} {F(value.Value)} {(ok ? "meets" : "misses")} the threshold {F(threshold)} ({Describe(Direction)})");
            }

            if (MinimumImprovement is { } margin)
            {
                if (baseline is null)
                {
                    passes.Add("no Approved version to compare with yet");
                }
                else if (!baseline.Metrics.TryGetValue(MetricName, out var b))
                {
                    passes.Add($"the latest Approved version {baseline.Version} has no '{MetricName}' to compare with");
                }
                else
                {
                    baselineValue = b;
                    var improvement = Direction == MetricDirection.HigherIsBetter ? value.Value - b : b - value.Value;
                    var ok = improvement >= margin;
                    (ok ? passes : failures).Add(
                        $"{MetricName} {F(value.Value)} vs {F(b)} of Approved version {baseline.Version}: improvement {F(improvement)} {(ok ? "reaches" : "misses")} the required {F(margin)}");
                }
            }
        }

        var approved = failures.Count == 0;
        var reason = approved
            ? $"Metric gate approved: {string.Join("; ", passes)}."
            : $"Metric gate rejected: {string.Join("; ", failures)}.";
        return new MetricGateDecision
        {
            Approved = approved,
            MetricName = MetricName,
            Direction = Direction,
            CandidateValue = value,
            Threshold = Threshold,
            BaselineValue = baselineValue,
            BaselineVersionArn = baseline?.Arn,
            MinimumImprovement = MinimumImprovement,
            Reason = reason,
        };
    }

    private static string Describe(MetricDirection direction) =>
        direction == MetricDirection.HigherIsBetter ? "higher is better" : "lower is better";

    private static string F(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
