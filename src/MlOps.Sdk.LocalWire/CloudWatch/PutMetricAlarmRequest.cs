namespace MlOps.Sdk.LocalWire.CloudWatch;

/// <summary>
/// The request of CloudWatch's <c>PutMetricAlarm</c>, with the members local mode keeps (actions, tags, metric math and
/// percentiles are accepted by the model and not kept: local mode evaluates no metric).
/// </summary>
internal sealed record PutMetricAlarmRequest
{
    /// <summary>The alarm's name.</summary>
    public string? AlarmName { get; init; }

    /// <summary>Its description.</summary>
    public string? AlarmDescription { get; init; }

    /// <summary>The metric's namespace.</summary>
    public string? Namespace { get; init; }

    /// <summary>The metric's name.</summary>
    public string? MetricName { get; init; }

    /// <summary>The metric's dimensions.</summary>
    public IReadOnlyList<Dimension>? Dimensions { get; init; }

    /// <summary>The statistic.</summary>
    public string? Statistic { get; init; }

    /// <summary>The period in seconds.</summary>
    public int? Period { get; init; }

    /// <summary>How many periods are evaluated.</summary>
    public int? EvaluationPeriods { get; init; }

    /// <summary>The threshold.</summary>
    public double? Threshold { get; init; }

    /// <summary>The comparison.</summary>
    public string? ComparisonOperator { get; init; }
}
