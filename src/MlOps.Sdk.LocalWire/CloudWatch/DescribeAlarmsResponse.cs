namespace MlOps.Sdk.LocalWire.CloudWatch;

/// <summary>The answer of CloudWatch's <c>DescribeAlarms</c>: one page of metric alarms (local mode has no composite alarms).</summary>
internal sealed record DescribeAlarmsResponse
{
    /// <summary>The metric alarms of this page.</summary>
    public required IReadOnlyList<MetricAlarm> MetricAlarms { get; init; }

    /// <summary>Always empty.</summary>
    public IReadOnlyList<object> CompositeAlarms { get; init; } = [];

    /// <summary>The next page's token, or null on the last page.</summary>
    public string? NextToken { get; init; }
}
