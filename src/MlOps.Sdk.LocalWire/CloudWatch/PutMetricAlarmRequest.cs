using System.Text.Json.Serialization;

namespace MlOps.Sdk.LocalWire.CloudWatch;

/// <summary>
/// The request of CloudWatch's <c>PutMetricAlarm</c>, with the members local mode keeps (metric math, extended statistics
/// and percentiles are accepted by the model and not kept: local mode evaluates no metric). Actions are kept and never
/// executed; tags are kept when the alarm is created and ignored when it exists, as CloudWatch does.
/// </summary>
internal sealed record PutMetricAlarmRequest
{
    /// <summary>The alarm's name.</summary>
    public string? AlarmName { get; init; }

    /// <summary>Its description.</summary>
    public string? AlarmDescription { get; init; }

    /// <summary>Whether actions run on state changes (true when not given).</summary>
    public bool? ActionsEnabled { get; init; }

    /// <summary>The actions on OK.</summary>
    [JsonPropertyName("OKActions")]
    public IReadOnlyList<string>? OkActions { get; init; }

    /// <summary>The actions on ALARM.</summary>
    public IReadOnlyList<string>? AlarmActions { get; init; }

    /// <summary>The actions on INSUFFICIENT_DATA.</summary>
    public IReadOnlyList<string>? InsufficientDataActions { get; init; }

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

    /// <summary>The metric's unit.</summary>
    public string? Unit { get; init; }

    /// <summary>How many periods are evaluated.</summary>
    public int? EvaluationPeriods { get; init; }

    /// <summary>How many of them must breach.</summary>
    public int? DatapointsToAlarm { get; init; }

    /// <summary>The threshold.</summary>
    public double? Threshold { get; init; }

    /// <summary>The comparison.</summary>
    public string? ComparisonOperator { get; init; }

    /// <summary>How missing data points count.</summary>
    public string? TreatMissingData { get; init; }

    /// <summary>The tags of a new alarm.</summary>
    public IReadOnlyList<Tag>? Tags { get; init; }
}
