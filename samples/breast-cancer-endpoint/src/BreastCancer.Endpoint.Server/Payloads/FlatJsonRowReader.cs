using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace BreastCancer.Endpoint.Server.Payloads;

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

    /// <summary>How many values the body holds if it is a flat row: the length <see cref="TryRead(ReadOnlySpan{byte}, Span{float})"/> needs.</summary>
    /// <param name="json">The whole request body.</param>
    /// <returns>The number of values (only numbers are allowed inside, so the commas say how many there are).</returns>
    public static int CountValues(ReadOnlySpan<byte> json) => json.Count((byte)',') + 1;

    /// <summary>Reads a body that is exactly one flat array of finite numbers into a new array.</summary>
    /// <param name="json">The whole request body.</param>
    /// <param name="row">The values, in order.</param>
    /// <returns>False when the body is anything else; nothing about it is decided then.</returns>
    public static bool TryRead(ReadOnlySpan<byte> json, [NotNullWhen(true)] out float[]? row)
    {
        var values = new float[CountValues(json)];
        row = TryRead(json, values) ? values : null;
        return row is not null;
    }

    /// <summary>Reads a body that is exactly one flat array of finite numbers into a buffer of the caller's.</summary>
    /// <param name="json">The whole request body.</param>
    /// <param name="values">Where the values go; exactly <see cref="CountValues"/> long.</param>
    /// <returns>False when the body is anything else; nothing about it is decided then.</returns>
    public static bool TryRead(ReadOnlySpan<byte> json, Span<float> values)
    {
        var position = SkipWhitespace(json, 0);
        if (position == json.Length || json[position] != (byte)'[')
        {
            return false;
        }

        var count = 0;
        while (true)
        {
            position = SkipWhitespace(json, position + 1);
            position = count == values.Length ? -1 : ReadNumber(json, position, out values[count]);
            if (position < 0)
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

        return count == values.Length && SkipWhitespace(json, position + 1) == json.Length;
    }

    // A number as RFC 8259 spells it: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
    // Returns the position after the number, or -1 when there is no valid number there.
    private static int ReadNumber(ReadOnlySpan<byte> json, int start, out float value)
    {
        value = 0;
        var index = start;
        var negative = index < json.Length && json[index] == (byte)'-';
        if (negative)
        {
            index++;
        }

        if (index == json.Length || !IsDigit(json[index]))
        {
            return -1;
        }

        // Digits after the first MostSignificantDigits are not added (the runtime's parser takes those numbers), so the
        // mantissa cannot overflow; a leading zero of a fraction counts for the scale but not as a significant digit.
        ulong mantissa = 0;
        var significantDigits = 0;
        var exponent = 0;
        if (json[index] == (byte)'0')
        {
            index++;
        }
        else
        {
            while (index < json.Length && IsDigit(json[index]))
            {
                if (++significantDigits <= MostSignificantDigits)
                {
                    mantissa = (mantissa * 10) + (uint)(json[index] - '0');
                }

                index++;
            }
        }

        if (index < json.Length && json[index] == (byte)'.')
        {
            index++;
            var fractionStart = index;
            while (index < json.Length && IsDigit(json[index]))
            {
                if (mantissa != 0 || json[index] != (byte)'0')
                {
                    significantDigits++;
                }

                if (significantDigits <= MostSignificantDigits)
                {
                    mantissa = (mantissa * 10) + (uint)(json[index] - '0');
                    exponent--;
                }

                index++;
            }

            if (index == fractionStart)
            {
                return -1;
            }
        }

        if (index < json.Length && (json[index] | 0x20) == (byte)'e')
        {
            index++;
            var exponentNegative = index < json.Length && json[index] == (byte)'-';
            if (index < json.Length && json[index] is (byte)'-' or (byte)'+')
            {
                index++;
            }

            if (index == json.Length || !IsDigit(json[index]))
            {
                return -1;
            }

            var written = 0;
            while (index < json.Length && IsDigit(json[index]))
            {
                // Capped: any exponent this large leaves the fast path anyway.
                written = Math.Min((written * 10) + (json[index] - '0'), 100_000);
                index++;
            }

            exponent += exponentNegative ? -written : written;
        }

        if (significantDigits > MostSignificantDigits || mantissa > LargestExactMantissa || Math.Abs(exponent) > LargestExactPowerOfTen)
        {
            // The runtime's correctly rounded parser, the one Utf8JsonReader.TryGetSingle uses; overflow gives infinity.
            return float.TryParse(json[start..index], NumberStyles.Float, CultureInfo.InvariantCulture, out value) && float.IsFinite(value)
                ? index
                : -1;
        }

        value = exponent < 0 ? mantissa / PowersOfTen[-exponent] : mantissa * PowersOfTen[exponent];
        if (negative)
        {
            value = -value;
        }

        return index;
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
