using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace MlOps.Sdk.Local;

/// <summary>
/// CloudWatch alarms on one machine, in the local state of the home folder: put an alarm, set its state as CloudWatch's
/// <c>SetAlarmState</c> does, and describe alarms. A local endpoint whose blue/green update names alarms in
/// <c>DeploymentConfig.AutoRollbackConfiguration</c> watches them while the new fleet bakes, and rolls back to the old
/// fleet when one is in <see cref="LocalAlarmState.Alarm"/>, as SageMaker does. Local mode records no metrics: an alarm's
/// state changes only when it is set, and stays as set (CloudWatch would re-evaluate it from its metric).
/// </summary>
/// <example>
/// <code>
/// var alarms = services.GetRequiredService&lt;LocalCloudWatchAlarms&gt;();
/// await alarms.PutAlarmAsync(new LocalAlarmDefinition { AlarmName = "churn-prod-5xx" });
/// await alarms.SetAlarmStateAsync("churn-prod-5xx", LocalAlarmState.Alarm, "5xx errors above 1%");
/// </code>
/// </example>
public sealed class LocalCloudWatchAlarms
{
    /// <summary>The reason CloudWatch gives a new alarm.</summary>
    public const string InitialStateReason = "Unchecked: Initial alarm creation";

    private readonly LocalStateStore state;
    private readonly LocalOptions options;
    private readonly TimeProvider timeProvider;

    /// <summary>Creates the alarms over the home folder the options name.</summary>
    /// <param name="options">Local-mode settings.</param>
    /// <param name="timeProvider">The clock; the system clock when omitted.</param>
    public LocalCloudWatchAlarms(IOptions<LocalOptions> options, TimeProvider? timeProvider = null)
        : this(new LocalStateStore(options ?? throw new ArgumentNullException(nameof(options))), options.Value, timeProvider)
    {
    }

    internal LocalCloudWatchAlarms(LocalStateStore state, LocalOptions options, TimeProvider? timeProvider)
    {
        this.state = state;
        this.options = options;
        this.timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>
    /// Creates or updates an alarm, as <c>PutMetricAlarm</c> does: a new alarm is <see cref="LocalAlarmState.InsufficientData"/>;
    /// an existing one keeps its state and gets the new definition in full.
    /// </summary>
    /// <param name="definition">The alarm.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The alarm as stored.</returns>
    /// <exception cref="MlOpsValidationException">The definition breaks a rule (checked before any state is touched).</exception>
    public async Task<LocalAlarm> PutAlarmAsync(LocalAlarmDefinition definition, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        definition.Validate();
        var now = LocalTimestamp.Now(timeProvider);
        return await state.WriteAsync(
            t =>
            {
                var existing = t.GetAlarm(definition.AlarmName);
                var record = existing is null
                    ? new LocalAlarmRecord
                    {
                        Alarm = new LocalAlarm
                        {
                            Definition = definition,
                            AlarmArn = Arn(definition.AlarmName),
                            StateValue = LocalAlarmState.InsufficientData,
                            StateReason = InitialStateReason,
                            StateUpdatedTimestamp = now,
                            StateTransitionedTimestamp = now,
                            AlarmConfigurationUpdatedTimestamp = now,
                        },
                        Transitions = [new LocalAlarmTransition(LocalAlarmState.InsufficientData, now)],
                    }
                    : existing with { Alarm = existing.Alarm with { Definition = definition, AlarmConfigurationUpdatedTimestamp = now } };
                t.PutAlarm(record);
                return record.Alarm;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sets an alarm's state, as CloudWatch's <c>SetAlarmState</c> does.</summary>
    /// <param name="alarmName">The alarm (it must have been put).</param>
    /// <param name="stateValue">The state.</param>
    /// <param name="stateReason">Why, as text (up to 1023 characters).</param>
    /// <param name="stateReasonData">Why, as JSON (up to 4000 characters), or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The alarm afterwards.</returns>
    /// <exception cref="MlOpsValidationException">A field breaks a rule.</exception>
    /// <exception cref="MlOpsException"><c>ResourceNotFound</c> (404): no alarm of that name; <c>InvalidFormat</c>: the reason data is not JSON.</exception>
    public async Task<LocalAlarm> SetAlarmStateAsync(string alarmName, LocalAlarmState stateValue, string stateReason, string? stateReasonData = null, CancellationToken cancellationToken = default)
    {
        ValidateName(alarmName, nameof(alarmName));
        ArgumentNullException.ThrowIfNull(stateReason);
        if (!Enum.IsDefined(stateValue))
        {
            throw new MlOpsValidationException(nameof(stateValue), $"must be OK, ALARM or INSUFFICIENT_DATA (got {stateValue})", alarmName);
        }

        if (stateReason.Length > 1023)
        {
            throw new MlOpsValidationException(nameof(stateReason), $"must be at most 1023 characters (got {stateReason.Length})", alarmName);
        }

        if (stateReasonData is not null)
        {
            if (stateReasonData.Length > 4000)
            {
                throw new MlOpsValidationException(nameof(stateReasonData), $"must be at most 4000 characters (got {stateReasonData.Length})", alarmName);
            }

            try
            {
                using var parsed = JsonDocument.Parse(stateReasonData);
            }
            catch (JsonException ex)
            {
                throw new MlOpsException($"StateReasonData of alarm {alarmName} is not valid JSON: {ex.Message}", InvalidFormatCode, HttpStatusCode.BadRequest, alarmName);
            }
        }

        var now = LocalTimestamp.Now(timeProvider);
        var alarm = await state.WriteAsync(
            t =>
            {
                var existing = t.GetAlarm(alarmName);
                if (existing is null)
                {
                    return null;
                }

                var changed = existing.Alarm.StateValue != stateValue;
                var record = existing with
                {
                    Alarm = existing.Alarm with
                    {
                        StateValue = stateValue,
                        StateReason = stateReason,
                        StateReasonData = stateReasonData,
                        StateUpdatedTimestamp = now,
                        StateTransitionedTimestamp = changed ? now : existing.Alarm.StateTransitionedTimestamp,
                    },
                    Transitions = changed ? [.. existing.Transitions.TakeLast(LocalAlarmRecord.HistoryLimit - 1), new LocalAlarmTransition(stateValue, now)] : existing.Transitions,
                };
                t.PutAlarm(record);
                return record.Alarm;
            },
            cancellationToken).ConfigureAwait(false);
        return alarm ?? throw NotFound(alarmName);
    }

    /// <summary>Lists alarms in name order, as <c>DescribeAlarms</c> does, filtered by the arguments given.</summary>
    /// <param name="alarmNames">Only these names (a name that does not exist is left out, not an error); all when <see langword="null"/>.</param>
    /// <param name="alarmNamePrefix">Only names that start with it.</param>
    /// <param name="stateValue">Only alarms in this state.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The alarms.</returns>
    public async IAsyncEnumerable<LocalAlarm> DescribeAlarmsAsync(
        IEnumerable<string>? alarmNames = null,
        string? alarmNamePrefix = null,
        LocalAlarmState? stateValue = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var names = alarmNames?.ToHashSet(StringComparer.Ordinal);
        if (names is not null && alarmNamePrefix is not null)
        {
            throw new MlOpsValidationException(nameof(alarmNamePrefix), "cannot be given together with alarmNames", alarmNamePrefix);
        }

        var alarms = await state.ReadAsync(t => t.ListAlarms(), cancellationToken).ConfigureAwait(false);
        foreach (var record in alarms)
        {
            var alarm = record.Alarm;
            if ((names is null || names.Contains(alarm.AlarmName))
                && (alarmNamePrefix is null || alarm.AlarmName.StartsWith(alarmNamePrefix, StringComparison.Ordinal))
                && (stateValue is null || alarm.StateValue == stateValue))
            {
                yield return alarm;
            }
        }
    }

    /// <summary>Deletes alarms, as <c>DeleteAlarms</c> does: all of them, or none when one is missing.</summary>
    /// <param name="alarmNames">The alarms.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes once they are deleted.</returns>
    /// <exception cref="MlOpsException"><c>ResourceNotFound</c> (404): one of them does not exist; nothing is deleted.</exception>
    public async Task DeleteAlarmsAsync(IEnumerable<string> alarmNames, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(alarmNames);
        var names = alarmNames.ToList();
        var missing = await state.WriteAsync(
            t =>
            {
                var absent = names.FirstOrDefault(n => t.GetAlarm(n) is null);
                if (absent is null)
                {
                    names.ForEach(n => t.DeleteAlarm(n));
                }

                return absent;
            },
            cancellationToken).ConfigureAwait(false);
        if (missing is not null)
        {
            throw NotFound(missing);
        }
    }

    internal const string InvalidFormatCode = "InvalidFormat";

    /// <summary>
    /// The first of <paramref name="alarmNames"/> that was in ALARM at some instant from <paramref name="from"/> to
    /// <paramref name="to"/>, or null. A name with no alarm never trips: DescribeAlarms returns nothing for it.
    /// </summary>
    internal static LocalAlarm? FirstInAlarm(LocalStateTransaction transaction, IEnumerable<string> alarmNames, DateTimeOffset from, DateTimeOffset to)
    {
        foreach (var name in alarmNames)
        {
            if (transaction.GetAlarm(name) is { } alarm && alarm.WasInAlarm(from, to))
            {
                return alarm.Alarm;
            }
        }

        return null;
    }

    internal static void ValidateName(string? name, string fieldName)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 255)
        {
            throw new MlOpsValidationException(fieldName, "must be an alarm name of 1-255 characters", name);
        }
    }

    private string Arn(string name) => $"arn:aws:cloudwatch:{options.ResolveRegion()}:{options.AccountId}:alarm:{name}";

    private static MlOpsException NotFound(string name) =>
        new($"Alarm {name} not found", MlOpsErrorCodes.ResourceNotFound, HttpStatusCode.NotFound, name) { Kind = MlOpsErrorKind.NotFound };
}
