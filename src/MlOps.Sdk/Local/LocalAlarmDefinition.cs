namespace MlOps.Sdk.Local;

/// <summary>
/// What <see cref="LocalCloudWatchAlarms.PutAlarmAsync"/> stores about an alarm, in the terms of CloudWatch's
/// <c>PutMetricAlarm</c>. Local mode records no metrics, so the metric settings are kept and returned, never evaluated:
/// the alarm's state changes only through <see cref="LocalCloudWatchAlarms.SetAlarmStateAsync"/>. The actions are kept
/// and returned too, and never executed: local mode has no SNS, Lambda or EC2 to act on.
/// </summary>
public sealed record LocalAlarmDefinition
{
    /// <summary>The most actions in each of <see cref="OkActions"/>, <see cref="AlarmActions"/> and <see cref="InsufficientDataActions"/> (CloudWatch's <c>ResourceList</c>).</summary>
    public const int MaxActions = 5;

    /// <summary>The most tags an alarm has (CloudWatch: "as many as 50 tags with an alarm").</summary>
    public const int MaxTags = 50;

    // CloudWatch's model: StandardUnit's values, and TreatMissingData's documented "Valid Values".
    private static readonly HashSet<string> Units = new(StringComparer.Ordinal)
    {
        "Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes", "Megabytes", "Gigabytes", "Terabytes", "Bits",
        "Kilobits", "Megabits", "Gigabits", "Terabits", "Percent", "Count", "Bytes/Second", "Kilobytes/Second",
        "Megabytes/Second", "Gigabytes/Second", "Terabytes/Second", "Bits/Second", "Kilobits/Second", "Megabits/Second",
        "Gigabits/Second", "Terabits/Second", "Count/Second", "None",
    };

    private static readonly string[] MissingDataTreatments = ["breaching", "notBreaching", "ignore", "missing"];

    /// <summary>The alarm's name (1-255 characters, case-sensitive, unique in the home).</summary>
    public required string AlarmName { get; init; }

    /// <summary>A description (up to 1024 characters).</summary>
    public string? AlarmDescription { get; init; }

    /// <summary>Whether actions would run on state changes; CloudWatch's default, <see langword="true"/>, when not given. Local mode runs none either way.</summary>
    public bool? ActionsEnabled { get; init; }

    /// <summary>CloudWatch's <c>OKActions</c>: ARNs to act on when the alarm goes to OK (up to <see cref="MaxActions"/>; kept, never executed).</summary>
    public IReadOnlyList<string>? OkActions { get; init; }

    /// <summary>ARNs to act on when the alarm goes to ALARM (up to <see cref="MaxActions"/>; kept, never executed).</summary>
    public IReadOnlyList<string>? AlarmActions { get; init; }

    /// <summary>ARNs to act on when the alarm goes to INSUFFICIENT_DATA (up to <see cref="MaxActions"/>; kept, never executed).</summary>
    public IReadOnlyList<string>? InsufficientDataActions { get; init; }

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

    /// <summary>The metric's unit, one of CloudWatch's <c>StandardUnit</c> values such as <c>Count</c> or <c>Percent</c>.</summary>
    public string? Unit { get; init; }

    /// <summary>How many periods are evaluated.</summary>
    public int? EvaluationPeriods { get; init; }

    /// <summary>How many of the evaluated periods must breach (the M of "M out of N"; at least 1).</summary>
    public int? DatapointsToAlarm { get; init; }

    /// <summary>The threshold the statistic is compared with.</summary>
    public double? Threshold { get; init; }

    /// <summary>The comparison, such as <c>GreaterThanThreshold</c>.</summary>
    public string? ComparisonOperator { get; init; }

    /// <summary>How missing data points count: <c>breaching</c>, <c>notBreaching</c>, <c>ignore</c> or <c>missing</c>.</summary>
    public string? TreatMissingData { get; init; }

    /// <summary>
    /// The tags a new alarm is created with (up to <see cref="MaxTags"/>; keys 1-128 characters, values up to 256). As
    /// CloudWatch does, they are ignored when the alarm already exists: change an alarm's tags with
    /// <see cref="LocalCloudWatchAlarms.TagResourceAsync"/> and <see cref="LocalCloudWatchAlarms.UntagResourceAsync"/>,
    /// read them with <see cref="LocalAlarm.Tags"/> or <see cref="LocalCloudWatchAlarms.ListTagsForResourceAsync"/>. The
    /// definition a stored alarm returns has none.
    /// </summary>
    public IReadOnlyDictionary<string, string>? Tags { get; init; }

    /// <summary>Checks the fields CloudWatch checks before any state is touched.</summary>
    /// <exception cref="MlOpsValidationException">A field breaks a rule.</exception>
    public void Validate()
    {
        LocalCloudWatchAlarms.ValidateName(AlarmName, nameof(AlarmName));
        if (AlarmDescription is { Length: > 1024 })
        {
            throw new MlOpsValidationException(nameof(AlarmDescription), $"must be at most 1024 characters (got {AlarmDescription.Length})", AlarmName);
        }

        if (Period is < 1 || EvaluationPeriods is < 1 || DatapointsToAlarm is < 1)
        {
            var field = Period is < 1 ? nameof(Period) : EvaluationPeriods is < 1 ? nameof(EvaluationPeriods) : nameof(DatapointsToAlarm);
            throw new MlOpsValidationException(field, "must be at least 1", AlarmName);
        }

        ValidateActions(OkActions, "OKActions");
        ValidateActions(AlarmActions, nameof(AlarmActions));
        ValidateActions(InsufficientDataActions, nameof(InsufficientDataActions));
        if (Unit is not null && !Units.Contains(Unit))
        {
            throw new MlOpsValidationException(nameof(Unit), $"must be one of CloudWatch's units ({string.Join(", ", Units)}); got '{Unit}'", AlarmName);
        }

        if (TreatMissingData is not null && !MissingDataTreatments.Contains(TreatMissingData, StringComparer.Ordinal))
        {
            throw new MlOpsValidationException(nameof(TreatMissingData), $"must be one of {string.Join(", ", MissingDataTreatments)} (got '{TreatMissingData}')", AlarmName);
        }

        if (Tags is not null)
        {
            ValidateTags(Tags, AlarmName);
        }
    }

    /// <summary>CloudWatch's tag rules: at most <see cref="MaxTags"/>, keys of 1-128 characters, values of up to 256.</summary>
    internal static void ValidateTags(IReadOnlyDictionary<string, string> tags, string? resource)
    {
        if (tags.Count > MaxTags)
        {
            throw new MlOpsValidationException(nameof(Tags), $"must hold at most {MaxTags} tags (got {tags.Count})", resource);
        }

        foreach (var (key, value) in tags)
        {
            ValidateTagKey(key, resource);
            if (value is null || value.Length > 256)
            {
                throw new MlOpsValidationException(nameof(Tags), $"the value of tag '{key}' must be a string of at most 256 characters", resource);
            }
        }
    }

    /// <summary>A tag key: 1-128 characters.</summary>
    internal static void ValidateTagKey(string? key, string? resource)
    {
        if (string.IsNullOrEmpty(key) || key.Length > 128)
        {
            throw new MlOpsValidationException(nameof(Tags), $"a tag key must be 1-128 characters (got '{key}')", resource);
        }
    }

    private void ValidateActions(IReadOnlyList<string>? actions, string field)
    {
        if (actions is null)
        {
            return;
        }

        if (actions.Count > MaxActions)
        {
            throw new MlOpsValidationException(field, $"must hold at most {MaxActions} actions (got {actions.Count})", AlarmName);
        }

        foreach (var action in actions)
        {
            // ResourceName is 1-1024 characters; CloudWatch also refuses a value that is not an ARN.
            if (string.IsNullOrEmpty(action) || action.Length > 1024 || !action.StartsWith("arn:", StringComparison.Ordinal) || action.Split(':').Length < 6)
            {
                throw new MlOpsValidationException(field, $"each action must be an ARN of at most 1024 characters, such as arn:aws:sns:<region>:<account>:<topic> (got '{action}')", AlarmName);
            }
        }
    }
}
