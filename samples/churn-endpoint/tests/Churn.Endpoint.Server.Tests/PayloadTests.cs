using System.Buffers;
using System.Text;
using Churn.Endpoint.Server.Model;
using Churn.Endpoint.Server.Payloads;

namespace Churn.Endpoint.Server.Tests;

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
        var output = new ArrayBufferWriter<byte>();

        PredictionWriter.Write(output, [new Prediction(1, 0.75f, 1.5f)], PayloadFormat.Csv);

        Assert.Equal("1,0.75,1.5\n", Encoding.UTF8.GetString(output.WrittenSpan));
    }

    private static ReadOnlySequence<byte> Body(string text) => new(Encoding.UTF8.GetBytes(text));
}
