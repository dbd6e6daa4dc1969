using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;
using Churn.Endpoint.Server.Model;

namespace Churn.Endpoint.Server.Payloads;

/// <summary>
/// Writes predictions. JSON: <c>{"predictions": [{"label": 1, "probability": 0.98, "score": 3.9}]}</c>.
/// CSV: one <c>label,probability,score</c> line per row, no header.
/// </summary>
public static class PredictionWriter
{
    /// <summary>Writes the predictions in a format.</summary>
    /// <param name="output">Where the bytes go.</param>
    /// <param name="predictions">One prediction per row, in row order.</param>
    /// <param name="format">The response format.</param>
    public static void Write(IBufferWriter<byte> output, ReadOnlySpan<Prediction> predictions, PayloadFormat format)
    {
        if (format == PayloadFormat.Json)
        {
            WriteJson(output, predictions);
        }
        else
        {
            WriteCsv(output, predictions);
        }
    }

    private static void WriteJson(IBufferWriter<byte> output, ReadOnlySpan<Prediction> predictions)
    {
        using var writer = new Utf8JsonWriter(output);
        writer.WriteStartObject();
        writer.WriteStartArray("predictions"u8);
        foreach (var prediction in predictions)
        {
            writer.WriteStartObject();
            writer.WriteNumber("label"u8, prediction.Label);
            writer.WriteNumber("probability"u8, prediction.Probability);
            writer.WriteNumber("score"u8, prediction.Score);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteCsv(IBufferWriter<byte> output, ReadOnlySpan<Prediction> predictions)
    {
        foreach (var prediction in predictions)
        {
            // label, two floats in shortest round-trip form, separators and newline: well under 64 bytes.
            var span = output.GetSpan(64);
            var length = 0;
            length += Format(prediction.Label, span[length..]);
            span[length++] = (byte)',';
            length += Format(prediction.Probability, span[length..]);
            span[length++] = (byte)',';
            length += Format(prediction.Score, span[length..]);
            span[length++] = (byte)'\n';
            output.Advance(length);
        }
    }

    private static int Format(int value, Span<byte> destination) =>
        Utf8Formatter.TryFormat(value, destination, out var written) ? written : throw new InvalidOperationException("CSV buffer too small.");

    private static int Format(float value, Span<byte> destination) =>
        value.TryFormat(destination, out var written, provider: System.Globalization.CultureInfo.InvariantCulture)
            ? written
            : throw new InvalidOperationException("CSV buffer too small.");
}
