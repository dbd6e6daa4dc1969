namespace MlOps.Sdk.LocalWire.CloudWatch;

/// <summary>The request of CloudWatch's <c>DescribeAlarms</c>, with the filters the server applies (paging is the table's).</summary>
internal sealed record DescribeAlarmsRequest
{
    /// <summary>Only these alarms.</summary>
    public IReadOnlyList<string>? AlarmNames { get; init; }

    /// <summary>Only alarms whose names start with it.</summary>
    public string? AlarmNamePrefix { get; init; }

    /// <summary><c>MetricAlarm</c> and/or <c>CompositeAlarm</c>; metric alarms only when not given.</summary>
    public IReadOnlyList<string>? AlarmTypes { get; init; }

    /// <summary>Only alarms in this state.</summary>
    public string? StateValue { get; init; }

    /// <summary>Parents or children of a composite alarm: local mode has no composite alarms, so these find none.</summary>
    public string? ChildrenOfAlarmName { get; init; }

    /// <summary>See <see cref="ChildrenOfAlarmName"/>.</summary>
    public string? ParentsOfAlarmName { get; init; }
}
