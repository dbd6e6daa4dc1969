using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using BreastCancer.Endpoint.Server.Model;
using BreastCancer.Endpoint.Server.Payloads;

namespace BreastCancer.Endpoint.Server.Tests;

public sealed class PayloadTests
{
    [Fact]
    public void JsonRead_ArrayOfRows_ReturnsEachRow()
    {
        var rows = JsonPayloadReader.Read(Body("[[1, 2], [3, 4.5]]"));

        Assert.Equal([[1f, 2f], [3f, 4.5f]], rows);
    }

    [Fact]
    public void JsonRead_UnknownMembersBesideInstances_AreSkipped()
    {
        var rows = JsonPayloadReader.Read(Body("""{"id": {"a": [1]}, "instances": [[1, 2]]}"""));

        Assert.Equal([[1f, 2f]], rows);
    }

    [Fact]
    public void JsonRead_TwoTopLevelValues_Throws()
    {
        Assert.Throws<InvalidPayloadException>(() => JsonPayloadReader.Read(Body("[1, 2] [3, 4]")));
    }

    [Fact]
    public void JsonRead_EmptyArray_ThrowsNoRows()
    {
        var exception = Assert.Throws<InvalidPayloadException>(() => JsonPayloadReader.Read(Body("[]")));

        Assert.Contains("no rows", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CsvRead_CrLfAndBlankLines_ReturnsEachRow()
    {
        var rows = CsvPayloadReader.Read(Body("1,2\r\n\r\n3,4e-1\r\n"));

        Assert.Equal([[1f, 2f], [3f, 0.4f]], rows);
    }

    [Fact]
    public void CsvRead_InfiniteValue_Throws()
    {
        Assert.Throws<InvalidPayloadException>(() => CsvPayloadReader.Read(Body("1,Infinity")));
    }

    [Fact]
    public void MediaTypes_ContentTypeWithCharset_IsJson()
    {
        Assert.True(MediaTypes.TryParseContentType("application/json; charset=utf-8", out var format));
        Assert.Equal(PayloadFormat.Json, format);
    }

    [Fact]
    public void MediaTypes_AcceptAnything_KeepsRequestFormat()
    {
        Assert.True(MediaTypes.TryNegotiate("*/*", PayloadFormat.Csv, out var format));
        Assert.Equal(PayloadFormat.Csv, format);
    }

    [Fact]
    public void PredictionWriter_Csv_WritesLabelProbabilityScore()
    {
        var output = new byte[PredictionWriter.MaximumLength(1)];

        var length = PredictionWriter.Write(output, [new Prediction(1, 0.75f, 1.5f)], PayloadFormat.Csv);

        Assert.Equal("1,0.75,1.5\n", Encoding.UTF8.GetString(output, 0, length));
    }

    [Fact]
    public void PredictionWriter_Json_WritesOneObjectPerRow()
    {
        var output = new byte[PredictionWriter.MaximumLength(2)];

        var length = PredictionWriter.Write(output, [new Prediction(1, 0.75f, 1.5f), new Prediction(0, 1E-05f, -3f)], PayloadFormat.Json);

        Assert.Equal(
            """{"predictions":[{"label":1,"probability":0.75,"score":1.5},{"label":0,"probability":1E-05,"score":-3}]}""",
            Encoding.UTF8.GetString(output, 0, length));
    }

    [Fact]
    public void PredictionWriter_JsonNotFiniteScore_WritesNull()
    {
        var output = new byte[PredictionWriter.MaximumLength(1)];

        var length = PredictionWriter.Write(output, [new Prediction(1, float.NaN, float.PositiveInfinity)], PayloadFormat.Json);

        Assert.Equal(
            """{"predictions":[{"label":1,"probability":null,"score":null}]}""",
            Encoding.UTF8.GetString(output, 0, length));
    }

    [Fact]
    public void PredictionWriter_LongestValues_FitTheMaximumLength()
    {
        Prediction[] predictions = [new(int.MinValue, -1.1754942E-38f, -3.4028235E+38f), new(int.MinValue, -1.401298E-45f, float.MinValue)];
        var output = new byte[PredictionWriter.MaximumLength(predictions.Length)];

        var length = PredictionWriter.Write(output, predictions, PayloadFormat.Json);

        Assert.True(length <= output.Length);
    }

    [Theory]
    [InlineData("[1.5, -0.25, 3e2, 0.005115, 1297]", new[] { 1.5f, -0.25f, 300f, 0.005115f, 1297f })]
    [InlineData(" [ 0 ,1E-3\t,-12345678.9 ] \n", new[] { 0f, 0.001f, -12345678.9f })]
    [InlineData("[3.4028235e38, 1.4e-45]", new[] { float.MaxValue, float.Epsilon })]
    public void FlatJsonRowRead_FlatArray_ReadsEachValue(string json, float[] expected)
    {
        Assert.True(FlatJsonRowReader.TryRead(Encoding.UTF8.GetBytes(json), out var row));
        Assert.Equal(expected, row);
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("[1,]")]
    [InlineData("[01]")]
    [InlineData("[.5]")]
    [InlineData("[1.]")]
    [InlineData("[1 2]")]
    [InlineData("[1] [2]")]
    [InlineData("[1e39]")]
    [InlineData("[[1, 2]]")]
    [InlineData("[\"1\"]")]
    [InlineData("{\"features\": [1]}")]
    public void FlatJsonRowRead_AnythingElse_Declines(string json)
    {
        Assert.False(FlatJsonRowReader.TryRead(Encoding.UTF8.GetBytes(json), out _));
    }

    [Fact]
    public void FlatJsonRowRead_RandomNumbers_MatchUtf8JsonReaderBitForBit()
    {
        // Integers, short and long decimals, exponents, and magnitudes on both sides of the exact fast path.
        var random = new Random(20261127);
        for (var index = 0; index < 20_000; index++)
        {
            var mantissa = random.NextInt64(0, 10_000_000_000);
            var text = random.Next(4) switch
            {
                0 => mantissa.ToString(CultureInfo.InvariantCulture),
                1 => (mantissa / Math.Pow(10, random.Next(0, 14))).ToString("R", CultureInfo.InvariantCulture),
                2 => $"{mantissa % 100_000}.{random.Next(0, 100_000):D5}",
                _ => $"{mantissa % 1000}e{random.Next(-50, 50)}",
            };
            var json = Encoding.UTF8.GetBytes($"[{(random.Next(2) == 0 ? "-" : string.Empty)}{text.ToLowerInvariant()}]");
            var reader = new Utf8JsonReader(json);
            reader.Read();
            reader.Read();
            var expectedOk = reader.TryGetSingle(out var expected) && float.IsFinite(expected);

            var ok = FlatJsonRowReader.TryRead(json, out var row);

            Assert.Equal(expectedOk, ok);
            if (ok)
            {
                Assert.Equal(BitConverter.SingleToInt32Bits(expected), BitConverter.SingleToInt32Bits(Assert.Single(row!)));
            }
        }
    }

    [Fact]
    public void JsonRead_ValueTooLargeForSingle_ThrowsNamingTheValue()
    {
        var exception = Assert.Throws<InvalidPayloadException>(() => JsonPayloadReader.Read(Body("[1, 1e39]")));

        Assert.Contains("value 2", exception.Message, StringComparison.Ordinal);
    }

    private static ReadOnlySequence<byte> Body(string text) => new(Encoding.UTF8.GetBytes(text));
}
