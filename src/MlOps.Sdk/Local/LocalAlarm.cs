namespace MlOps.Sdk.Local;

/// <summary>A local CloudWatch alarm as <see cref="LocalCloudWatchAlarms.DescribeAlarmsAsync"/> returns it: its definition and its state.</summary>
public sealed record LocalAlarm
{
    /// <summary>What the alarm was put with.</summary>
    public required LocalAlarmDefinition Definition { get; init; }

    /// <summary>The alarm's name.</summary>
    public string AlarmName => Definition.AlarmName;

    /// <summary>The alarm's ARN, shaped like CloudWatch's: <c>arn:aws:cloudwatch:&lt;region&gt;:&lt;account&gt;:alarm:&lt;name&gt;</c>.</summary>
    public required string AlarmArn { get; init; }

    /// <summary>The state: <see cref="LocalAlarmState.InsufficientData"/> until it is set.</summary>
    public required LocalAlarmState StateValue { get; init; }

    /// <summary>Why the alarm is in its state, as text.</summary>
    public required string StateReason { get; init; }

    /// <summary>Why the alarm is in its state, as JSON, when it was given.</summary>
    public string? StateReasonData { get; init; }

    /// <summary>When the state was last set (whole milliseconds, UTC).</summary>
    public required DateTimeOffset StateUpdatedTimestamp { get; init; }

    /// <summary>When the state last changed to another value.</summary>
    public required DateTimeOffset StateTransitionedTimestamp { get; init; }

    /// <summary>When the definition was last put.</summary>
    public required DateTimeOffset AlarmConfigurationUpdatedTimestamp { get; init; }

    /// <summary>
    /// The alarm's tags: those it was created with, then as <see cref="LocalCloudWatchAlarms.TagResourceAsync"/> and
    /// <see cref="LocalCloudWatchAlarms.UntagResourceAsync"/> changed them (empty for an alarm stored before tags were kept).
    /// </summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
