using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Churn.Endpoint.Server.Payloads;

/// <summary>
/// The fast path of <see cref="JsonPayloadReader"/> for the most common request: one row as a flat JSON array of numbers,
/// such as <c>[20.29, 0.1003, -1e-3]</c>. It reads the bytes in one pass, without a tokenizer, and declines (returns false)
/// anything else, malformed input included, so that the general reader reads it and words the error.
/// </summary>
public static class FlatJsonRowReader
{
    // Every integer up to 2^24 is exact in a Single, and so is every power of ten up to 10^10 (5^10 < 2^24): a quotient or
    // product of two such values, which IEEE arithmetic rounds once, is the correctly rounded value of the decimal.
    private const ulong LargestExactMantissa = 1UL << 24;
    private const int LargestExactPowerOfTen = 10;

    // Past this many significant digits the mantissa cannot be exact; the runtime's parser takes over.
    private const int MostSignificantDigits = 8;

    private static ReadOnlySpan<float> PowersOfTen => [1e0f, 1e1f, 1e2f, 1e3f, 1e4f, 1e5f, 1e6f, 1e7f, 1e8f, 1e9f, 1e10f];

    /// <summary>Reads a body that is exactly one flat array of finite numbers.</summary>
    /// <param name="json">The whole request body.</param>
    /// <param name="row">The values, in order.</param>
    /// <returns>False when the body is anything else; nothing about it is decided then.</returns>
    public static bool TryRead(ReadOnlySpan<byte> json, [NotNullWhen(true)] out float[]? row)
    {
        row = null;
        var position = SkipWhitespace(json, 0);
        if (position == json.Length || json[position] != (byte)'[')
        {
            return false;
        }

        // Only numbers are allowed inside, so the commas say how many there are.
        var values = new float[json[position..].Count((byte)',') + 1];
        var count = 0;
        while (true)
        {
            position = SkipWhitespace(json, position + 1);
            if (count == values.Length || !TryReadNumber(json, ref position, out values[count]))
            {
                return false;
            }

            count++;
            position = SkipWhitespace(json, position);
            if (position == json.Length)
            {
                return false;
            }

            if (json[position] == (byte)']')
            {
                break;
            }

            if (json[position] != (byte)',')
            {
                return false;
            }
        }

        if (count != values.Length || SkipWhitespace(json, position + 1) != json.Length)
        {
            return false;
        }

        row = values;
        return true;
    }

    // A number as RFC 8259 spells it: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
    private static bool TryReadNumber(ReadOnlySpan<byte> json, ref int position, out float value)
    {
        value = 0;
        var start = position;
        var negative = position < json.Length && json[position] == (byte)'-';
        if (negative)
        {
            position++;
        }

        ulong mantissa = 0;
        var significantDigits = 0;
        var exponent = 0;
        if (position == json.Length || !IsDigit(json[position]))
        {
            return false;
        }

        if (json[position] == (byte)'0')
        {
            position++;
        }
        else
        {
            while (position < json.Length && IsDigit(json[position]))
            {
                Accumulate(json[position++], ref mantissa, ref significantDigits, ref exponent, fraction: false);
            }
        }

        if (position < json.Length && json[position] == (byte)'.')
        {
            position++;
            if (position == json.Length || !IsDigit(json[position]))
            {
                return false;
            }

            while (position < json.Length && IsDigit(json[position]))
            {
                Accumulate(json[position++], ref mantissa, ref significantDigits, ref exponent, fraction: true);
            }
        }

        if (position < json.Length && (json[position] | 0x20) == (byte)'e')
        {
            position++;
            var exponentNegative = position < json.Length && json[position] == (byte)'-';
            if (position < json.Length && json[position] is (byte)'-' or (byte)'+')
            {
                position++;
            }

            if (position == json.Length || !IsDigit(json[position]))
            {
                return false;
            }

            var written = 0;
            while (position < json.Length && IsDigit(json[position]))
            {
                // Capped: any exponent this large leaves the fast path anyway.
                written = Math.Min(written * 10 + (json[position++] - '0'), 100_000);
            }

            exponent += exponentNegative ? -written : written;
        }

        if (significantDigits > MostSignificantDigits || mantissa > LargestExactMantissa || Math.Abs(exponent) > LargestExactPowerOfTen)
        {
            // The runtime's correctly rounded parser, the one Utf8JsonReader.TryGetSingle uses; overflow gives infinity.
            return float.TryParse(json[start..position], NumberStyles.Float, CultureInfo.InvariantCulture, out value) && float.IsFinite(value);
        }

        value = exponent < 0 ? mantissa / PowersOfTen[-exponent] : mantissa * PowersOfTen[exponent];
        if (negative)
        {
            value = -value;
        }

        return true;
    }

    private static void Accumulate(byte digit, ref ulong mantissa, ref int significantDigits, ref int exponent, bool fraction)
    {
        if (mantissa == 0 && digit == (byte)'0')
        {
            // A leading zero adds no significant digit, but one after the point still shifts the scale.
            exponent -= fraction ? 1 : 0;
            return;
        }

        if (++significantDigits > MostSignificantDigits)
        {
            return;
        }

        mantissa = mantissa * 10 + (ulong)(digit - '0');
        exponent -= fraction ? 1 : 0;
    }

    private static bool IsDigit(byte value) => (uint)(value - '0') <= 9;

    private static int SkipWhitespace(ReadOnlySpan<byte> json, int position)
    {
        while (position < json.Length && json[position] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r')
        {
            position++;
        }

        return position;
    }
}
