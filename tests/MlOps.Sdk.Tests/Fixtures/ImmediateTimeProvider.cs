using System.Collections.Concurrent;

namespace MlOps.Sdk.Tests.Fixtures;

/// <summary>
/// A clock whose timers fire at once: retry backoffs do not sleep, and the waits asked for are recorded so a test can
/// check them. Long timers (attempt timeouts) are never fired, so they do not cancel calls.
/// </summary>
public sealed class ImmediateTimeProvider : TimeProvider
{
    private static readonly TimeSpan FireBelow = TimeSpan.FromMinutes(1);
    private readonly ConcurrentQueue<TimeSpan> _delays = new();

    public IReadOnlyList<TimeSpan> Delays => _delays.ToArray();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime != Timeout.InfiniteTimeSpan && dueTime < FireBelow)
        {
            _delays.Enqueue(dueTime);
            return System.CreateTimer(callback, state, TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        }

        return System.CreateTimer(callback, state, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }
}
