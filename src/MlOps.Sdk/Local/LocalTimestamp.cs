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
}
