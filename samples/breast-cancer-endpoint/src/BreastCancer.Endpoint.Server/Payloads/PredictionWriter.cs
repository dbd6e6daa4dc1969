using System.Buffers.Text;
using System.Globalization;
using BreastCancer.Endpoint.Server.Model;

namespace BreastCancer.Endpoint.Server.Payloads;

/// <summary>
/// Writes predictions. JSON: <c>{"predictions":[{"label":1,"probability":0.98,"score":3.9}]}</c>, with <c>null</c> for a
/// value that is not finite. CSV: one <c>label,probability,score</c> line per row, no header. Numbers are in the shortest
/// form that reads back to the same Single.
/// </summary>
public static class PredictionWriter
{
    // The longest row: a JSON object with an Int32 label and two Singles of at most 15 characters each ("-1.1754944E-38").
    private const int MaximumRowBytes = 96;

    /// <summary>The most bytes <see cref="Write"/> can take for a number of predictions, in either format.</summary>
    /// <param name="count">The number of predictions.</param>
    /// <returns>A size for the destination buffer.</returns>
    public static int MaximumLength(int count) => 32 + (MaximumRowBytes * count);

    /// <summary>Writes the predictions in a format.</summary>
    /// <param name="destination">Where the bytes go; at least <see cref="MaximumLength"/> long.</param>
    /// <param name="predictions">One prediction per row, in row order.</param>
    /// <param name="format">The response format.</param>
    /// <returns>The number of bytes written.</returns>
    public static int Write(Span<byte> destination, ReadOnlySpan<Prediction> predictions, PayloadFormat format) =>
        format == PayloadFormat.Json ? WriteJson(destination, predictions) : WriteCsv(destination, predictions);

    private static int WriteJson(Span<byte> destination, ReadOnlySpan<Prediction> predictions)
    {
        var length = Append(destination, 0, "{\"predictions\":["u8);
        for (var index = 0; index < predictions.Length; index++)
        {
            var prediction = predictions[index];
            length = Append(destination, length, index == 0 ? "{\"label\":"u8 : ",{\"label\":"u8);
            length += Format(prediction.Label, destination[length..]);
            length = Append(destination, length, ",\"probability\":"u8);
            length += FormatJson(prediction.Probability, destination[length..]);
            length = Append(destination, length, ",\"score\":"u8);
            length += FormatJson(prediction.Score, destination[length..]);
            length = Append(destination, length, "}"u8);
        }

        return Append(destination, length, "]}"u8);
    }

    private static int WriteCsv(Span<byte> destination, ReadOnlySpan<Prediction> predictions)
    {
        var length = 0;
        foreach (var prediction in predictions)
        {
            length += Format(prediction.Label, destination[length..]);
            destination[length++] = (byte)',';
            length += Format(prediction.Probability, destination[length..]);
            destination[length++] = (byte)',';
            length += Format(prediction.Score, destination[length..]);
            destination[length++] = (byte)'\n';
        }

        return length;
    }

    private static int Append(Span<byte> destination, int length, ReadOnlySpan<byte> text)
    {
        text.CopyTo(destination[length..]);
        return length + text.Length;
    }

    private static int Format(int value, Span<byte> destination) =>
        Utf8Formatter.TryFormat(value, destination, out var written) ? written : throw new InvalidOperationException("Output buffer too small.");

    // JSON has no NaN or infinity, and a client should get a readable answer rather than a server error.
    private static int FormatJson(float value, Span<byte> destination) =>
        float.IsFinite(value) ? Format(value, destination) : Append(destination, 0, "null"u8);

    private static int Format(float value, Span<byte> destination) =>
        value.TryFormat(destination, out var written, provider: CultureInfo.InvariantCulture)
            ? written
            : throw new InvalidOperationException("Output buffer too small.");
}
