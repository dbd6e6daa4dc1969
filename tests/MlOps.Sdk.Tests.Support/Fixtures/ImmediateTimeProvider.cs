using System.Collections.Concurrent;

namespace MlOps.Sdk.Tests.Fixtures;

/// <summary>
/// A clock whose timers fire at once: retry backoffs and waiter polls do not sleep, and the waits asked for are
/// recorded so a test can check them. Timers of an hour or more (the attempt and call timeouts <see cref="AwsTestHost"/>
/// sets) never fire, so they do not cancel calls.
/// </summary>
public sealed class ImmediateTimeProvider : TimeProvider
{
    internal static readonly TimeSpan FireBelow = TimeSpan.FromHours(1);
    private readonly ConcurrentQueue<TimeSpan> _delays = new();

    public IReadOnlyList<TimeSpan> Delays => _delays.ToArray();

    /// <summary>Moves the wall clock: resources created now look this old (for retention rules).</summary>
    public TimeSpan Offset { get; set; }

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;

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
