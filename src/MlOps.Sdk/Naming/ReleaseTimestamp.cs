using System.Globalization;

namespace MlOps.Sdk.Naming;

/// <summary>
/// The UTC timestamp format of release names, <c>yyyyMMddTHHmmssZ</c> (for example <c>20261127T105500Z</c>).
/// </summary>
public static class ReleaseTimestamp
{
    /// <summary>The exact format string, for <see cref="DateTime.ToString(string, IFormatProvider)"/>.</summary>
    public const string Format = "yyyyMMdd'T'HHmmss'Z'";

    /// <summary>Number of characters of a formatted timestamp.</summary>
    public const int Length = 16;

    /// <summary>Formats an instant as UTC <c>yyyyMMddTHHmmssZ</c>; fractions of a second are dropped.</summary>
    /// <param name="timestamp">Any instant; it is converted to UTC first.</param>
    /// <returns>The formatted timestamp.</returns>
    public static string ToText(DateTimeOffset timestamp) =>
        timestamp.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    /// <summary>Drops fractions of a second and converts to UTC, which is what a release name keeps of an instant.</summary>
    /// <param name="timestamp">Any instant.</param>
    /// <returns>The same instant in UTC, truncated to whole seconds.</returns>
    public static DateTimeOffset Truncate(DateTimeOffset timestamp)
    {
        var utc = timestamp.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
    }

    /// <summary>Parses <c>yyyyMMddTHHmmssZ</c> exactly.</summary>
    /// <param name="text">The text to parse.</param>
    /// <param name="timestamp">The UTC instant when parsing succeeds.</param>
    /// <returns><see langword="true"/> when <paramref name="text"/> is a valid timestamp.</returns>
    public static bool TryParse(string? text, out DateTimeOffset timestamp)
    {
        timestamp = default;
        if (text is null || text.Length != Length)
        {
            return false;
        }

        if (!DateTime.TryParseExact(text, Format, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return false;
        }

        timestamp = new DateTimeOffset(DateTime.SpecifyKind(parsed, DateTimeKind.Utc));
        return true;
    }
}
