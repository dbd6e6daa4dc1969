using System.Buffers;
using System.Text.Json;

namespace BreastCancer.Endpoint.Server.Payloads;

/// <summary>
/// Reads rows from JSON. Accepted shapes: one row <c>[1.0, 2.0]</c>; rows <c>[[1.0, 2.0], [3.0, 4.0]]</c>;
/// <c>{"instances": [[1.0, 2.0]]}</c> or <c>{"instances": [{"features": [1.0, 2.0]}]}</c>; <c>{"features": [1.0, 2.0]}</c>.
/// </summary>
public static class JsonPayloadReader
{
    private static readonly JsonReaderOptions Options = new() { MaxDepth = 8 };

    /// <summary>Reads the rows of a JSON body.</summary>
    /// <param name="body">The request body.</param>
    /// <returns>The rows.</returns>
    /// <exception cref="InvalidPayloadException">The body is not JSON of an accepted shape.</exception>
    public static List<float[]> Read(ReadOnlySequence<byte> body)
    {
        // Most requests are one flat row; it is read without a tokenizer. Anything else, errors included, goes the long way.
        if (body.IsSingleSegment && FlatJsonRowReader.TryRead(body.FirstSpan, out var row))
        {
            return [row];
        }

        var reader = new Utf8JsonReader(body, Options);
        try
        {
            var rows = new List<float[]>(1);
            if (!reader.Read())
            {
                throw new InvalidPayloadException("The JSON body is empty.");
            }

            switch (reader.TokenType)
            {
                case JsonTokenType.StartArray:
                    ReadRowOrRows(ref reader, rows);
                    break;
                case JsonTokenType.StartObject:
                    ReadObject(ref reader, rows, topLevel: true);
                    break;
                default:
                    throw new InvalidPayloadException(
                        "The JSON body must be an array of numbers, an array of rows, or an object with \"instances\" or \"features\".");
            }

            // Utf8JsonReader rejects a second top-level value itself; this call makes it look.
            reader.Read();
            return rows.Count > 0 ? rows : throw new InvalidPayloadException("The JSON body holds no rows.");
        }
        catch (JsonException exception)
        {
            throw new InvalidPayloadException($"The body is not valid JSON: {exception.Message}");
        }
    }

    private static void ReadRowOrRows(ref Utf8JsonReader reader, List<float[]> rows)
    {
        Next(ref reader);
        if (reader.TokenType == JsonTokenType.Number)
        {
            rows.Add(ReadNumbers(ref reader, rows.Count + 1));
            return;
        }

        while (reader.TokenType != JsonTokenType.EndArray)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartArray:
                    Next(ref reader);
                    rows.Add(ReadNumbers(ref reader, rows.Count + 1));
                    break;
                case JsonTokenType.StartObject:
                    ReadObject(ref reader, rows, topLevel: false);
                    break;
                default:
                    throw new InvalidPayloadException($"Row {rows.Count + 1} must be an array of numbers.");
            }

            Next(ref reader);
        }
    }

    private static void ReadObject(ref Utf8JsonReader reader, List<float[]> rows, bool topLevel)
    {
        var found = false;
        Next(ref reader);
        while (reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("features"u8))
            {
                Expect(ref reader, JsonTokenType.StartArray, $"\"features\" of row {rows.Count + 1} must be an array of numbers.");
                Next(ref reader);
                rows.Add(ReadNumbers(ref reader, rows.Count + 1));
                found = true;
            }
            else if (topLevel && reader.ValueTextEquals("instances"u8))
            {
                Expect(ref reader, JsonTokenType.StartArray, "\"instances\" must be an array of rows.");
                ReadRowOrRows(ref reader, rows);
                found = true;
            }
            else
            {
                // Unknown members (request ids, configuration) are allowed and skipped.
                Next(ref reader);
                reader.Skip();
            }

            Next(ref reader);
        }

        if (!found)
        {
            throw new InvalidPayloadException(topLevel
                ? "The JSON object must have \"instances\" (an array of rows) or \"features\" (one row)."
                : $"Row {rows.Count + 1} must have \"features\" (an array of numbers).");
        }
    }

    // The reader stands on the first element after '['; it returns standing on the closing ']'.
    private static float[] ReadNumbers(ref Utf8JsonReader reader, int rowNumber)
    {
        var values = new List<float>(32);
        while (reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetSingle(out var value) || !float.IsFinite(value))
            {
                throw new InvalidPayloadException($"Row {rowNumber}, value {values.Count + 1} must be a finite number.");
            }

            values.Add(value);
            Next(ref reader);
        }

        return values.ToArray();
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType expected, string message)
    {
        Next(ref reader);
        if (reader.TokenType != expected)
        {
            throw new InvalidPayloadException(message);
        }
    }

    private static void Next(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw new InvalidPayloadException("The JSON body ends too early.");
        }
    }
}
