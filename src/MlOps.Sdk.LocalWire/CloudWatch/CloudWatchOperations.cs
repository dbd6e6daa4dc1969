using System.Runtime.CompilerServices;
using MlOps.Sdk.Local;
using MlOps.Sdk.LocalWire.Protocol;

namespace MlOps.Sdk.LocalWire.CloudWatch;

/// <summary>
/// CloudWatch alarms over AWS JSON 1.0 (<c>X-Amz-Target: GraniteServiceVersion20100801.&lt;Operation&gt;</c>, one of the
/// protocols CloudWatch's API model offers beside query and CBOR, and the one botocore picks): PutMetricAlarm,
/// SetAlarmState, DescribeAlarms and DeleteAlarms over <see cref="LocalCloudWatchAlarms"/>, so the alarms a local
/// endpoint's blue/green update watches can be tripped with <c>aws cloudwatch set-alarm-state</c>; and
/// ListTagsForResource, TagResource and UntagResource on alarm ARNs. Alarm actions are kept and returned, never executed.
/// </summary>
internal static class CloudWatchOperations
{
    /// <summary>The service's <c>X-Amz-Target</c> prefix.</summary>
    public const string TargetPrefix = "GraniteServiceVersion20100801";

    /// <summary>The media type of AWS JSON 1.0 bodies.</summary>
    public const string AmzJson10 = "application/x-amz-json-1.0";

    // DescribeAlarms: MaxRecords 1..100, 50 when not given.
    private static readonly ListPaging AlarmPaging = new("NextToken", "MaxRecords", 50, 100, "InvalidNextToken");

    /// <summary>Binds the operations to the local alarms.</summary>
    /// <param name="alarms">The alarms.</param>
    /// <returns>The table.</returns>
    public static JsonOperationTable Create(LocalCloudWatchAlarms alarms) =>
        new JsonOperationTable(TargetPrefix, "InvalidParameterValue", AmzJson10)
            .Command<PutMetricAlarmRequest>("PutMetricAlarm", (request, cancellationToken) => alarms.PutAlarmAsync(ToDefinition(request), cancellationToken))
            .Command<SetAlarmStateRequest>("SetAlarmState", (request, cancellationToken) => alarms.SetAlarmStateAsync(
                request.AlarmName!,
                ParseState(request.StateValue, "StateValue") ?? throw Missing("StateValue"),
                request.StateReason ?? throw Missing("StateReason"),
                request.StateReasonData,
                cancellationToken))
            .Command<DeleteAlarmsRequest>("DeleteAlarms", (request, cancellationToken) => alarms.DeleteAlarmsAsync(request.AlarmNames ?? throw Missing("AlarmNames"), cancellationToken))
            .Operation<ListTagsForResourceRequest, ListTagsForResourceResponse>("ListTagsForResource", async (request, cancellationToken) => new ListTagsForResourceResponse
            {
                Tags = [.. (await alarms.ListTagsForResourceAsync(request.ResourceArn ?? throw Missing("ResourceARN"), cancellationToken).ConfigureAwait(false)).Select(t => new Tag { Key = t.Key, Value = t.Value })],
            })
            .Command<TagResourceRequest>("TagResource", (request, cancellationToken) => alarms.TagResourceAsync(
                request.ResourceArn ?? throw Missing("ResourceARN"),
                ToTags(request.Tags ?? throw Missing("Tags")),
                cancellationToken))
            .Command<UntagResourceRequest>("UntagResource", (request, cancellationToken) => alarms.UntagResourceAsync(
                request.ResourceArn ?? throw Missing("ResourceARN"),
                request.TagKeys ?? throw Missing("TagKeys"),
                cancellationToken))
            .Listing<DescribeAlarmsRequest, MetricAlarm>("DescribeAlarms", AlarmPaging, (request, cancellationToken) => DescribeAsync(alarms, request, cancellationToken), (items, next) => new DescribeAlarmsResponse { MetricAlarms = items, NextToken = next });

    private static async IAsyncEnumerable<MetricAlarm> DescribeAsync(LocalCloudWatchAlarms alarms, DescribeAlarmsRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var metricAlarms = request.AlarmTypes is not { Count: > 0 } types || types.Contains("MetricAlarm", StringComparer.Ordinal);
        if (!metricAlarms || request.ChildrenOfAlarmName is not null || request.ParentsOfAlarmName is not null)
        {
            yield break;
        }

        var state = ParseState(request.StateValue, "StateValue");
        await foreach (var alarm in alarms.DescribeAlarmsAsync(request.AlarmNames is { Count: > 0 } names ? names : null, request.AlarmNamePrefix, state, cancellationToken).ConfigureAwait(false))
        {
            var definition = alarm.Definition;
            yield return new MetricAlarm
            {
                AlarmName = alarm.AlarmName,
                AlarmArn = alarm.AlarmArn,
                AlarmDescription = definition.AlarmDescription,
                AlarmConfigurationUpdatedTimestamp = alarm.AlarmConfigurationUpdatedTimestamp,
                ActionsEnabled = definition.ActionsEnabled ?? true,
                OkActions = definition.OkActions ?? [],
                AlarmActions = definition.AlarmActions ?? [],
                InsufficientDataActions = definition.InsufficientDataActions ?? [],
                StateValue = StateName(alarm.StateValue),
                StateReason = alarm.StateReason,
                StateReasonData = alarm.StateReasonData,
                StateUpdatedTimestamp = alarm.StateUpdatedTimestamp,
                StateTransitionedTimestamp = alarm.StateTransitionedTimestamp,
                Namespace = definition.Namespace,
                MetricName = definition.MetricName,
                Dimensions = definition.Dimensions?.Select(d => new Dimension { Name = d.Key, Value = d.Value }).ToList(),
                Statistic = definition.Statistic,
                Period = definition.Period,
                Unit = definition.Unit,
                EvaluationPeriods = definition.EvaluationPeriods,
                DatapointsToAlarm = definition.DatapointsToAlarm,
                Threshold = definition.Threshold,
                ComparisonOperator = definition.ComparisonOperator,
                TreatMissingData = definition.TreatMissingData,
            };
        }
    }

    private static LocalAlarmDefinition ToDefinition(PutMetricAlarmRequest request) => new()
    {
        AlarmName = request.AlarmName ?? throw Missing("AlarmName"),
        AlarmDescription = request.AlarmDescription,
        ActionsEnabled = request.ActionsEnabled,
        OkActions = request.OkActions,
        AlarmActions = request.AlarmActions,
        InsufficientDataActions = request.InsufficientDataActions,
        Namespace = request.Namespace,
        MetricName = request.MetricName,
        Dimensions = request.Dimensions?.Where(d => d.Name is not null).ToDictionary(d => d.Name!, d => d.Value ?? string.Empty, StringComparer.Ordinal),
        Statistic = request.Statistic,
        Period = request.Period,
        Unit = request.Unit,
        EvaluationPeriods = request.EvaluationPeriods,
        DatapointsToAlarm = request.DatapointsToAlarm,
        Threshold = request.Threshold,
        ComparisonOperator = request.ComparisonOperator,
        TreatMissingData = request.TreatMissingData,
        Tags = request.Tags is null ? null : ToTags(request.Tags),
    };

    // Key and Value are required members of CloudWatch's Tag; a key given twice keeps its last value.
    private static Dictionary<string, string> ToTags(IReadOnlyList<Tag> tags)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            map[tag.Key ?? throw Missing("Tags.member.Key")] = tag.Value ?? throw Missing("Tags.member.Value");
        }

        return map;
    }

    private static LocalAlarmState? ParseState(string? value, string member) => value switch
    {
        null => null,
        "OK" => LocalAlarmState.Ok,
        "ALARM" => LocalAlarmState.Alarm,
        "INSUFFICIENT_DATA" => LocalAlarmState.InsufficientData,
        _ => throw new MlOpsValidationException(member, $"must be OK, ALARM or INSUFFICIENT_DATA (got '{value}')"),
    };

    private static string StateName(LocalAlarmState state) => state switch
    {
        LocalAlarmState.Ok => "OK",
        LocalAlarmState.Alarm => "ALARM",
        _ => "INSUFFICIENT_DATA",
    };

    private static MlOpsException Missing(string member) =>
        new($"The parameter {member} is required.", "MissingParameter", System.Net.HttpStatusCode.BadRequest);
}
