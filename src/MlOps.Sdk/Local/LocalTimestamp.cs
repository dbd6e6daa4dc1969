using MlOps.Sdk.SageMaker;

namespace MlOps.Sdk.Local;

/// <summary>
/// The one way local mode takes an instant: whole milliseconds in UTC, the precision SageMaker returns (epoch seconds
/// with three decimals). .NET's clock has 100 ns ticks; keeping them would make a local Describe differ from the same
/// Describe through the wire server, and let a CreationTimeAfter/Before equal to a value read back select differently
/// in the two modes.
/// </summary>
internal static class LocalTimestamp
{
    /// <summary>The clock's current instant, truncated to whole milliseconds.</summary>
    /// <param name="clock">The clock the component was given.</param>
    /// <returns>The instant in UTC, without its sub-millisecond ticks.</returns>
    internal static DateTimeOffset Now(TimeProvider clock) => Of(clock.GetUtcNow());

    /// <summary>An instant taken elsewhere (a file's write time), truncated like <see cref="Now"/> before it is recorded.</summary>
    /// <param name="instant">Any instant.</param>
    /// <returns>The instant in UTC, without its sub-millisecond ticks.</returns>
    internal static DateTimeOffset Of(DateTimeOffset instant)
    {
        // Truncated, not rounded: an instant must never move past the clock's present.
        var ticks = instant.UtcTicks;
        return new DateTimeOffset(ticks - (ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
    }

    /// <summary>
    /// Whether a recorded instant passes a list call's "…After" filter: strictly after the bound, taken as the wire
    /// would send it (a bound with sub-millisecond ticks arrives at SageMaker rounded to the millisecond).
    /// </summary>
    /// <param name="recorded">The record's instant, or null when it has none (which no bound selects).</param>
    /// <param name="bound">The filter's value, or null when the call has no such filter.</param>
    /// <returns>True when there is no bound or the instant is after it.</returns>
    internal static bool IsAfter(DateTimeOffset? recorded, DateTimeOffset? bound) =>
        bound is null || recorded > WireTimestamp.ToWirePrecision(bound.Value);

    /// <summary>Whether a recorded instant passes a list call's "…Before" filter, like <see cref="IsAfter"/>.</summary>
    /// <param name="recorded">The record's instant, or null when it has none (which no bound selects).</param>
    /// <param name="bound">The filter's value, or null when the call has no such filter.</param>
    /// <returns>True when there is no bound or the instant is before it.</returns>
    internal static bool IsBefore(DateTimeOffset? recorded, DateTimeOffset? bound) =>
        bound is null || recorded < WireTimestamp.ToWirePrecision(bound.Value);
}
