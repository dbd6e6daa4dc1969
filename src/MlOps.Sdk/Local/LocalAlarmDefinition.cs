namespace MlOps.Sdk.Local;

/// <summary>
/// What <see cref="LocalCloudWatchAlarms.PutAlarmAsync"/> stores about an alarm, in the terms of CloudWatch's
/// <c>PutMetricAlarm</c>. Local mode records no metrics, so the metric settings are kept and returned, never evaluated:
/// the alarm's state changes only through <see cref="LocalCloudWatchAlarms.SetAlarmStateAsync"/>.
/// </summary>
public sealed record LocalAlarmDefinition
{
    /// <summary>The alarm's name (1-255 characters, case-sensitive, unique in the home).</summary>
    public required string AlarmName { get; init; }

    /// <summary>A description (up to 1024 characters).</summary>
    public string? AlarmDescription { get; init; }

    /// <summary>The metric's namespace, such as <c>AWS/SageMaker</c>.</summary>
    public string? Namespace { get; init; }

    /// <summary>The metric's name, such as <c>Invocation5XXErrors</c>.</summary>
    public string? MetricName { get; init; }

    /// <summary>The metric's dimensions, such as <c>EndpointName</c> and <c>VariantName</c>.</summary>
    public IReadOnlyDictionary<string, string>? Dimensions { get; init; }

    /// <summary>The statistic, such as <c>Sum</c> or <c>Average</c>.</summary>
    public string? Statistic { get; init; }

    /// <summary>The period in seconds.</summary>
    public int? Period { get; init; }

    /// <summary>How many periods are evaluated.</summary>
    public int? EvaluationPeriods { get; init; }

    /// <summary>The threshold the statistic is compared with.</summary>
    public double? Threshold { get; init; }

    /// <summary>The comparison, such as <c>GreaterThanThreshold</c>.</summary>
    public string? ComparisonOperator { get; init; }

    /// <summary>Checks the fields CloudWatch checks before any state is touched.</summary>
    /// <exception cref="MlOpsValidationException">A field breaks a rule.</exception>
    public void Validate()
    {
        LocalCloudWatchAlarms.ValidateName(AlarmName, nameof(AlarmName));
        if (AlarmDescription is { Length: > 1024 })
        {
            throw new MlOpsValidationException(nameof(AlarmDescription), $"must be at most 1024 characters (got {AlarmDescription.Length})", AlarmName);
        }

        if (Period is < 1 || EvaluationPeriods is < 1)
        {
            throw new MlOpsValidationException(Period is < 1 ? nameof(Period) : nameof(EvaluationPeriods), "must be at least 1", AlarmName);
        }
    }
}
