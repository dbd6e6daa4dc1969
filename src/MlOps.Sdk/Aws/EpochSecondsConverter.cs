using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using MlOps.Sdk.SageMaker;

namespace MlOps.Sdk.Aws;

/// <summary>
/// AWS JSON timestamps: epoch seconds as a number with a fraction (<c>1700000000.123</c>). Reading also accepts
/// ISO 8601 text, which some stand-ins (and a few AWS APIs) send.
/// </summary>
internal sealed class EpochSecondsConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            var seconds = reader.GetDecimal();
            return DateTimeOffset.UnixEpoch.AddTicks((long)(seconds * TimeSpan.TicksPerSecond));
        }

        if (reader.TokenType == JsonTokenType.String)
        {
            var text = reader.GetString()!;
            if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
            {
                return DateTimeOffset.UnixEpoch.AddTicks((long)(seconds * TimeSpan.TicksPerSecond));
            }

            return DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
        }

        throw new JsonException($"Expected a timestamp (epoch seconds or ISO 8601), found {reader.TokenType}.");
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        var sent = WireTimestamp.ToWirePrecision(value);
        var seconds = (decimal)(sent.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerSecond;
        writer.WriteNumberValue(decimal.Round(seconds, 3));
    }
}
