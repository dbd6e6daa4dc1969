using System.Text.Json.Serialization;

namespace MlOps.Sdk.LocalWire.CloudWatch;

/// <summary>CloudWatch's <c>MetricAlarm</c>, as DescribeAlarms returns it.</summary>
internal sealed record MetricAlarm
{
    /// <summary>The alarm's name.</summary>
    public required string AlarmName { get; init; }

    /// <summary>Its ARN.</summary>
    public required string AlarmArn { get; init; }

    /// <summary>Its description.</summary>
    public string? AlarmDescription { get; init; }

    /// <summary>When its definition was last put.</summary>
    public DateTimeOffset AlarmConfigurationUpdatedTimestamp { get; init; }

    /// <summary>Whether actions run on state changes, as put (CloudWatch's default, true, when not given; local mode runs none either way).</summary>
    public bool ActionsEnabled { get; init; } = true;

    /// <summary>The actions on OK (empty when none, as CloudWatch answers).</summary>
    [JsonPropertyName("OKActions")]
    public IReadOnlyList<string> OkActions { get; init; } = [];

    /// <summary>The actions on ALARM.</summary>
    public IReadOnlyList<string> AlarmActions { get; init; } = [];

    /// <summary>The actions on INSUFFICIENT_DATA.</summary>
    public IReadOnlyList<string> InsufficientDataActions { get; init; } = [];

    /// <summary><c>OK</c>, <c>ALARM</c> or <c>INSUFFICIENT_DATA</c>.</summary>
    public required string StateValue { get; init; }

    /// <summary>Why, as text.</summary>
    public required string StateReason { get; init; }

    /// <summary>Why, as JSON.</summary>
    public string? StateReasonData { get; init; }

    /// <summary>When the state was last set.</summary>
    public DateTimeOffset StateUpdatedTimestamp { get; init; }

    /// <summary>When the state last changed.</summary>
    public DateTimeOffset StateTransitionedTimestamp { get; init; }

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
}
