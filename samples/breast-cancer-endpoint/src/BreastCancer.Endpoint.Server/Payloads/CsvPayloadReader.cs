using System.Buffers;
using System.Globalization;
using System.Text;

namespace BreastCancer.Endpoint.Server.Payloads;

/// <summary>Reads rows from CSV: one row per line, values separated by commas, no header, blank lines ignored.</summary>
public static class CsvPayloadReader
{
    /// <summary>Reads the rows of a CSV body.</summary>
    /// <param name="body">The request body.</param>
    /// <returns>The rows.</returns>
    /// <exception cref="InvalidPayloadException">A value is not a number; the message names its row and column.</exception>
    public static List<float[]> Read(ReadOnlySequence<byte> body)
    {
        ReadOnlySpan<byte> text = body.IsSingleSegment ? body.FirstSpan : body.ToArray();
        if (text.StartsWith("\uFEFF"u8))
        {
            text = text[3..];
        }

        var rows = new List<float[]>(1);
        var lineNumber = 0;
        while (!text.IsEmpty)
        {
            var end = text.IndexOf((byte)'\n');
            var line = end >= 0 ? text[..end] : text;
            text = end >= 0 ? text[(end + 1)..] : [];
            lineNumber++;
            line = line.TrimEnd("\r"u8).Trim(" \t"u8);
            if (!line.IsEmpty)
            {
                rows.Add(ReadLine(line, lineNumber));
            }
        }

        return rows.Count > 0 ? rows : throw new InvalidPayloadException("The CSV body holds no rows.");
    }

    private static float[] ReadLine(ReadOnlySpan<byte> line, int lineNumber)
    {
        var values = new float[line.Count((byte)',') + 1];
        var column = 0;
        foreach (var range in line.Split((byte)','))
        {
            var cell = line[range].Trim(" \t\""u8);
            if (!float.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !float.IsFinite(value))
            {
                var shown = Encoding.UTF8.GetString(cell.Length > 40 ? cell[..40] : cell);
                throw new InvalidPayloadException(
                    $"Line {lineNumber}, column {column + 1}: '{shown}' is not a finite number (send rows without a header).");
            }

            values[column++] = value;
        }

        return values;
    }
}
