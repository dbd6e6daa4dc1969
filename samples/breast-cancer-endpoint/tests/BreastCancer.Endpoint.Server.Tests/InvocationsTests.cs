using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace BreastCancer.Endpoint.Server.Tests;

public sealed class InvocationsTests : IClassFixture<ModelServerFixture>
{
    private readonly HttpClient _client;

    public InvocationsTests(ModelServerFixture fixture)
    {
        _client = fixture.Client;
    }

    [Fact]
    public async Task Ping_ModelLoaded_Returns200()
    {
        using var response = await _client.GetAsync("/ping");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Invocations_JsonRow_ReturnsJsonPrediction()
    {
        using var response = await PostAsync("[0.9, 0.9, 0.1, 0.5]", "application/json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var prediction = Assert.Single(body.RootElement.GetProperty("predictions").EnumerateArray());
        Assert.Equal(1, prediction.GetProperty("label").GetInt32());
        Assert.InRange(prediction.GetProperty("probability").GetDouble(), 0.5, 1.0);
    }

    [Fact]
    public async Task Invocations_JsonInstances_ReturnsOnePredictionPerRow()
    {
        using var response = await PostAsync(
            """{"instances": [[0.9, 0.9, 0.1, 0.5], {"features": [0.05, 0.1, 0.9, 0.5]}]}""",
            "application/json");

        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var labels = body.RootElement.GetProperty("predictions").EnumerateArray().Select(p => p.GetProperty("label").GetInt32());
        Assert.Equal([1, 0], labels);
    }

    [Fact]
    public async Task Invocations_CsvRows_ReturnsCsvLines()
    {
        using var response = await PostAsync("0.9,0.9,0.1,0.5\n0.05,0.1,0.9,0.5\n", "text/csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["1", "0"], lines.Select(line => line.Split(',')[0]));
    }

    [Fact]
    public async Task Invocations_CsvInWithJsonAccept_ReturnsJson()
    {
        using var response = await PostAsync("0.9,0.9,0.1,0.5", "text/csv", request =>
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json")));

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Invocations_CustomAttributesHeader_IsPassedBack()
    {
        using var response = await PostAsync("[0.9, 0.9, 0.1, 0.5]", "application/json", request =>
            request.Headers.Add("X-Amzn-SageMaker-Custom-Attributes", "trace-id=42"));

        Assert.Equal("trace-id=42", Assert.Single(response.Headers.GetValues("X-Amzn-SageMaker-Custom-Attributes")));
    }

    [Fact]
    public async Task Invocations_InvalidJson_Returns400WithMessage()
    {
        using var response = await PostAsync("{\"instances\": [[0.9, 0.9", "application/json");

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "not valid JSON");
    }

    [Fact]
    public async Task Invocations_WrongFeatureCount_Returns400NamingTheCount()
    {
        using var response = await PostAsync("[0.9, 0.9, 0.1]", "application/json");

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "has 3 features; the model takes 4");
    }

    [Fact]
    public async Task Invocations_WrongFeatureCountInCsv_Returns400()
    {
        using var response = await PostAsync("0.9,0.9,0.1,0.5,0.7", "text/csv");

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "has 5 features");
    }

    [Fact]
    public async Task Invocations_CsvHeaderRow_Returns400NamingLineAndColumn()
    {
        using var response = await PostAsync("a,b,c,d\n0.9,0.9,0.1,0.5", "text/csv");

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "Line 1, column 1");
    }

    [Fact]
    public async Task Invocations_NonNumericJsonValue_Returns400()
    {
        using var response = await PostAsync("[0.9, \"high\", 0.1, 0.5]", "application/json");

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "value 2 must be a finite number");
    }

    [Fact]
    public async Task Invocations_WrongContentType_Returns415()
    {
        using var response = await PostAsync("0.9 0.9 0.1 0.5", "text/plain");

        await AssertErrorAsync(response, HttpStatusCode.UnsupportedMediaType, "Content-Type must be");
    }

    [Fact]
    public async Task Invocations_UnsupportedAccept_Returns406()
    {
        using var response = await PostAsync("[0.9, 0.9, 0.1, 0.5]", "application/json", request =>
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/x-protobuf")));

        await AssertErrorAsync(response, HttpStatusCode.NotAcceptable, "Accept must allow");
    }

    [Fact]
    public async Task Invocations_EmptyBody_Returns400()
    {
        using var response = await PostAsync(string.Empty, "application/json");

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "empty");
    }

    [Fact]
    public async Task Invocations_SevenMegabyteBody_Returns413()
    {
        var row = "0.9,0.9,0.1,0.5\n";
        var body = new StringBuilder(7 * 1024 * 1024 + row.Length);
        while (body.Length < 7 * 1024 * 1024)
        {
            body.Append(row);
        }

        using var response = await PostAsync(body.ToString(), "text/csv");

        await AssertErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, "larger than");
    }

    [Fact]
    public async Task Invocations_ValuesThatOverflowTheScore_Returns200WithNullScore()
    {
        using var response = await PostAsync("[3e38, 3e38, 3e38, 3e38]", "application/json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var prediction = Assert.Single(body.RootElement.GetProperty("predictions").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, prediction.GetProperty("score").ValueKind);
    }

    [Fact]
    public async Task Invocations_ConcurrentRequests_AllSucceedWithTheSameAnswer()
    {
        var requests = Enumerable.Range(0, 64).Select(async _ =>
        {
            using var response = await PostAsync("[0.9, 0.9, 0.1, 0.5]", "application/json");
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        });

        var results = await Task.WhenAll(requests);

        Assert.All(results, result => Assert.Equal(HttpStatusCode.OK, result.StatusCode));
        Assert.Single(results.Select(result => result.Item2).Distinct());
    }

    private async Task<HttpResponseMessage> PostAsync(string body, string contentType, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/invocations")
        {
            Content = new StringContent(body, Encoding.UTF8, contentType),
        };
        configure?.Invoke(request);
        return await _client.SendAsync(request);
    }

    private static async Task AssertErrorAsync(HttpResponseMessage response, HttpStatusCode expected, string messagePart)
    {
        Assert.Equal(expected, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains(messagePart, body.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}
