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
    /// Creates or updates an alarm, as <c>PutMetricAlarm</c> does: a new alarm is <see cref="LocalAlarmState.InsufficientData"/>
    /// and gets the definition's <see cref="LocalAlarmDefinition.Tags"/>; an existing one keeps its state and its tags
    /// (the tags given are ignored, as CloudWatch ignores them) and gets the new definition in full, actions included.
    /// Actions are kept, never executed.
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
        var stored = definition with { Tags = null };
        var tags = new Dictionary<string, string>(definition.Tags ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        return await state.WriteAsync(
            t =>
            {
                var existing = t.GetAlarm(definition.AlarmName);
                var record = existing is null
                    ? new LocalAlarmRecord
                    {
                        Alarm = new LocalAlarm
                        {
                            Definition = stored,
                            Tags = tags,
                            AlarmArn = Arn(definition.AlarmName),
                            StateValue = LocalAlarmState.InsufficientData,
                            StateReason = InitialStateReason,
                            StateUpdatedTimestamp = now,
                            StateTransitionedTimestamp = now,
                            AlarmConfigurationUpdatedTimestamp = now,
                        },
                        Transitions = [new LocalAlarmTransition(LocalAlarmState.InsufficientData, now)],
                    }
                    : existing with { Alarm = existing.Alarm with { Definition = stored, AlarmConfigurationUpdatedTimestamp = now } };
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

    /// <summary>The tags of an alarm, as CloudWatch's <c>ListTagsForResource</c> answers them, in key order.</summary>
    /// <param name="resourceArn">The alarm's ARN (<see cref="LocalAlarm.AlarmArn"/>).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The tags.</returns>
    /// <exception cref="MlOpsValidationException">The ARN is empty or longer than 1024 characters.</exception>
    /// <exception cref="MlOpsException"><c>ResourceNotFoundException</c> (404): no alarm has that ARN.</exception>
    public async Task<IReadOnlyDictionary<string, string>> ListTagsForResourceAsync(string resourceArn, CancellationToken cancellationToken = default)
    {
        var name = AlarmNameOf(resourceArn);
        var record = name is null ? null : await state.ReadAsync(t => t.GetAlarm(name), cancellationToken).ConfigureAwait(false);
        return record is null ? throw ResourceNotFound(resourceArn) : Ordered(record.Alarm.Tags);
    }

    /// <summary>
    /// Adds tags to an alarm, or replaces the values of keys it has, as CloudWatch's <c>TagResource</c> does; the alarm
    /// may then hold at most <see cref="LocalAlarmDefinition.MaxTags"/>.
    /// </summary>
    /// <param name="resourceArn">The alarm's ARN.</param>
    /// <param name="tags">The tags (keys 1-128 characters, values up to 256).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes once they are stored.</returns>
    /// <exception cref="MlOpsValidationException">A tag breaks a rule, or the alarm would hold more than 50; nothing is changed.</exception>
    /// <exception cref="MlOpsException"><c>ResourceNotFoundException</c> (404): no alarm has that ARN.</exception>
    public async Task TagResourceAsync(string resourceArn, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tags);
        var name = AlarmNameOf(resourceArn);
        LocalAlarmDefinition.ValidateTags(tags, resourceArn);
        var outcome = name is null ? null : await state.WriteAsync(
            t =>
            {
                if (t.GetAlarm(name) is not { } existing)
                {
                    return null;
                }

                var merged = new Dictionary<string, string>(existing.Alarm.Tags, StringComparer.Ordinal);
                foreach (var (key, value) in tags)
                {
                    merged[key] = value;
                }

                if (merged.Count > LocalAlarmDefinition.MaxTags)
                {
                    return (int?)merged.Count;
                }

                t.PutAlarm(existing with { Alarm = existing.Alarm with { Tags = merged } });
                return 0;
            },
            cancellationToken).ConfigureAwait(false);
        if (outcome is null)
        {
            throw ResourceNotFound(resourceArn);
        }

        if (outcome > 0)
        {
            throw new MlOpsValidationException(nameof(LocalAlarmDefinition.Tags), $"an alarm can have at most {LocalAlarmDefinition.MaxTags} tags ({outcome} with these)", resourceArn);
        }
    }

    /// <summary>Removes tags from an alarm, as CloudWatch's <c>UntagResource</c> does: a key the alarm does not have is no error.</summary>
    /// <param name="resourceArn">The alarm's ARN.</param>
    /// <param name="tagKeys">The keys (1-128 characters each).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes once they are removed.</returns>
    /// <exception cref="MlOpsValidationException">A key breaks a rule.</exception>
    /// <exception cref="MlOpsException"><c>ResourceNotFoundException</c> (404): no alarm has that ARN.</exception>
    public async Task UntagResourceAsync(string resourceArn, IEnumerable<string> tagKeys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tagKeys);
        var name = AlarmNameOf(resourceArn);
        var keys = tagKeys.ToList();
        keys.ForEach(k => LocalAlarmDefinition.ValidateTagKey(k, resourceArn));
        var found = name is not null && await state.WriteAsync(
            t =>
            {
                if (t.GetAlarm(name) is not { } existing)
                {
                    return false;
                }

                var remaining = existing.Alarm.Tags.Where(tag => !keys.Contains(tag.Key, StringComparer.Ordinal)).ToDictionary(StringComparer.Ordinal);
                if (remaining.Count != existing.Alarm.Tags.Count)
                {
                    t.PutAlarm(existing with { Alarm = existing.Alarm with { Tags = remaining } });
                }

                return true;
            },
            cancellationToken).ConfigureAwait(false);
        if (!found)
        {
            throw ResourceNotFound(resourceArn);
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

    // The alarm name an ARN of this home's region and account names (alarm names may hold ':'), or null for any other ARN.
    private string? AlarmNameOf(string? resourceArn)
    {
        if (string.IsNullOrEmpty(resourceArn) || resourceArn.Length > 1024)
        {
            throw new MlOpsValidationException("ResourceARN", "must be an ARN of 1-1024 characters", resourceArn);
        }

        var prefix = Arn(string.Empty);
        return resourceArn.Length > prefix.Length && resourceArn.StartsWith(prefix, StringComparison.Ordinal) ? resourceArn[prefix.Length..] : null;
    }

    private static Dictionary<string, string> Ordered(IReadOnlyDictionary<string, string> tags) =>
        tags.OrderBy(t => t.Key, StringComparer.Ordinal).ToDictionary(StringComparer.Ordinal);

    // CloudWatch's tagging operations answer an unknown resource with ResourceNotFoundException (its model's shape),
    // where SetAlarmState and DeleteAlarms answer ResourceNotFound.
    private static MlOpsException ResourceNotFound(string arn) =>
        new($"The resource {arn} does not exist.", MlOpsErrorCodes.ResourceNotFoundException, HttpStatusCode.NotFound, arn) { Kind = MlOpsErrorKind.NotFound };

    private static MlOpsException NotFound(string name) =>
        new($"Alarm {name} not found", MlOpsErrorCodes.ResourceNotFound, HttpStatusCode.NotFound, name) { Kind = MlOpsErrorKind.NotFound };
}
