namespace MlOps.Sdk.Local;

/// <summary>
/// An alarm as stored: what DescribeAlarms answers, and the alarm's recent state changes, so a reader that comes after
/// a baking period has ended can still tell whether the alarm was in ALARM at some instant of it (nothing polls).
/// </summary>
internal sealed record LocalAlarmRecord
{
    /// <summary>The most state changes kept; older ones are dropped.</summary>
    internal const int HistoryLimit = 100;

    public required LocalAlarm Alarm { get; init; }

    /// <summary>The state changes, oldest first; the first is the alarm's creation.</summary>
    public IReadOnlyList<LocalAlarmTransition> Transitions { get; init; } = [];

    /// <summary>Whether the alarm was in ALARM at any instant from <paramref name="from"/> to <paramref name="to"/>.</summary>
    internal bool WasInAlarm(DateTimeOffset from, DateTimeOffset to)
    {
        // The state at 'from' is the last change at or before it; then any change to ALARM inside the window counts.
        var atStart = Transitions.LastOrDefault(t => t.At <= from);
        if (atStart?.State == LocalAlarmState.Alarm)
        {
            return true;
        }

        return Transitions.Any(t => t.At > from && t.At <= to && t.State == LocalAlarmState.Alarm);
    }
}
