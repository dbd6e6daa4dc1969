namespace MlOps.Sdk.SageMaker;

/// <summary>
/// The precision of an instant on SageMaker's wire: the AWS JSON protocols send epoch seconds with three decimals, so
/// an instant a caller makes up with finer ticks reaches the service rounded to the nearest millisecond. Local mode
/// applies the same rounding to the instants a caller filters by, so a filter selects the same records in both modes.
/// </summary>
internal static class WireTimestamp
{
    /// <summary>The instant as it is sent: rounded to the nearest whole millisecond, a half to the even one.</summary>
    /// <param name="instant">Any instant.</param>
    /// <returns>The instant in UTC with whole milliseconds.</returns>
    internal static DateTimeOffset ToWirePrecision(DateTimeOffset instant)
    {
        var milliseconds = (decimal)(instant.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMillisecond;
        var rounded = (long)decimal.Round(milliseconds, 0, MidpointRounding.ToEven);
        return DateTimeOffset.UnixEpoch.AddTicks(rounded * TimeSpan.TicksPerMillisecond);
    }
}
