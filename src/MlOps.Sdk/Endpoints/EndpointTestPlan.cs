using System.Globalization;
using System.Text;
using System.Text.Json;
using MlOps.Sdk.SageMaker;

namespace MlOps.Sdk.Endpoints;

/// <summary>
/// What to check on an endpoint: a health invocation, sample requests with expected answers or JSON schemas, and
/// latency percentiles over repeated requests. Loadable from JSON (see <see cref="FromJson"/>).
/// </summary>
public sealed record EndpointTestPlan
{
    /// <summary>The health invocation; <see langword="null"/> uses the first sample's payload without expectations.</summary>
    public EndpointTestCase? Health { get; init; }

    /// <summary>Sample requests and their expectations.</summary>
    public IReadOnlyList<EndpointTestCase> Samples { get; init; } = [];

    /// <summary>How many sequential requests to time for the latency percentiles; 0 skips the measurement.</summary>
    public int LatencyRequests { get; init; } = 20;

    /// <summary>The request to time; <see langword="null"/> uses the health invocation's.</summary>
    public EndpointTestCase? LatencyRequest { get; init; }

    /// <summary>Fails unless the plan can run: something to invoke, a sane request count, and supported schemas.</summary>
    /// <exception cref="MlOpsValidationException">The plan breaks a rule.</exception>
    public void Validate()
    {
        if (Health is null && Samples.Count == 0)
        {
            throw new MlOpsValidationException("EndpointTestPlan", "needs a health request or at least one sample");
        }

        if (LatencyRequests is < 0 or > 10_000)
        {
            throw new MlOpsValidationException(nameof(LatencyRequests), $"must be 0-10000 (got {LatencyRequests})");
        }

        foreach (var (testCase, field) in AllCases())
        {
            if (testCase.ExpectedSchema is { } schema)
            {
                JsonSchemaSubset.CheckSupported(schema, $"{field}.schema");
            }

            if (testCase.NumberTolerance < 0 || !double.IsFinite(testCase.NumberTolerance))
            {
                throw new MlOpsValidationException($"{field}.tolerance", "must be a finite number, 0 or more");
            }

            ValidatePayload(testCase, field);
        }
    }

    /// <summary>
    /// Reads a plan from JSON:
    /// <c>{"contentType": "application/json", "health": {"body": …}, "samples": [{"name": "…", "body": …, "expected": …, "schema": {…}, "tolerance": 0.001}], "latency": {"requests": 20, "body": …}}</c>.
    /// A JSON body is sent as its JSON text; with a non-JSON content type, a string body is sent as the string.
    /// </summary>
    /// <param name="json">The plan.</param>
    /// <returns>The validated plan.</returns>
    /// <exception cref="MlOpsValidationException">The JSON is malformed or breaks a rule; the error names the field.</exception>
    public static EndpointTestPlan FromJson(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json ?? string.Empty);
        }
        catch (JsonException e)
        {
            throw new MlOpsValidationException("EndpointTestPlan", $"is not valid JSON: {e.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new MlOpsValidationException("EndpointTestPlan", "must be a JSON object");
            }

            var contentType = GetString(root, "contentType", "EndpointTestPlan") ?? "application/json";
            var health = root.TryGetProperty("health", out var h) ? ReadCase(h, "health", "health", contentType) : null;
            var samples = new List<EndpointTestCase>();
            if (root.TryGetProperty("samples", out var s))
            {
                if (s.ValueKind != JsonValueKind.Array)
                {
                    throw new MlOpsValidationException("samples", "must be an array");
                }

                var i = 0;
                foreach (var item in s.EnumerateArray())
                {
                    samples.Add(ReadCase(item, $"samples[{i}]", $"sample {i + 1}", contentType));
                    i++;
                }
            }

            var requests = 20;
            EndpointTestCase? latencyRequest = null;
            if (root.TryGetProperty("latency", out var l))
            {
                if (l.TryGetProperty("requests", out var r))
                {
                    requests = r.ValueKind == JsonValueKind.Number && r.TryGetInt32(out var n)
                        ? n
                        : throw new MlOpsValidationException("latency.requests", "must be a whole number");
                }

                if (l.TryGetProperty("body", out _))
                {
                    latencyRequest = ReadCase(l, "latency", "latency", contentType);
                }
            }

            var plan = new EndpointTestPlan { Health = health, Samples = samples, LatencyRequests = requests, LatencyRequest = latencyRequest };
            plan.Validate();
            return plan;
        }
    }

    /// <summary>Reads a plan from a JSON file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The validated plan.</returns>
    public static async Task<EndpointTestPlan> LoadAsync(string path, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(path))
        {
            throw new MlOpsValidationException("TestDataPath", $"'{path}' does not exist");
        }

        return FromJson(await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false));
    }

    internal IEnumerable<(EndpointTestCase Case, string Field)> AllCases()
    {
        if (Health is not null)
        {
            yield return (Health, "health");
        }

        for (var i = 0; i < Samples.Count; i++)
        {
            yield return (Samples[i], $"samples[{i}]");
        }

        if (LatencyRequest is not null)
        {
            yield return (LatencyRequest, "latency");
        }
    }

    // Every case expects the model to answer, so a payload SageMaker or the model's container cannot take is a mistake
    // in the plan: refused here, before the first invocation, rather than reported as a failed case.
    private static void ValidatePayload(EndpointTestCase testCase, string field)
    {
        if (testCase.Body.Length == 0)
        {
            throw new MlOpsValidationException($"{field}.body", "must not be empty: the model's container gets nothing to predict");
        }

        var bytes = Encoding.UTF8.GetByteCount(testCase.Body);
        if (bytes > InvokeEndpointRequest.MaxBodyBytes)
        {
            throw new MlOpsValidationException($"{field}.body", string.Create(CultureInfo.InvariantCulture, $"must be at most {InvokeEndpointRequest.MaxBodyBytes} bytes (6 MB, InvokeEndpoint's limit); it is {bytes}"));
        }

        InvokeEndpointRequest.ValidateHeader(testCase.ContentType, 1024, $"{field}.contentType");
        InvokeEndpointRequest.ValidateHeader(testCase.Accept, 1024, $"{field}.accept");
        if (testCase.ContentType.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase))
        {
            ValidateCsvRows(testCase.Body, field);
        }
    }

    // SageMaker's text/csv is one record per line, every record with the model's columns: a ragged row is malformed.
    private static void ValidateCsvRows(string body, string field)
    {
        var rows = body.Split('\n').Select(line => line.TrimEnd('\r')).Where(line => line.Length > 0).ToList();
        var columns = rows.Count == 0 ? 0 : rows[0].Split(',').Length;
        for (var i = 1; i < rows.Count; i++)
        {
            var count = rows[i].Split(',').Length;
            if (count != columns)
            {
                throw new MlOpsValidationException($"{field}.body", string.Create(CultureInfo.InvariantCulture, $"is malformed CSV: row {i + 1} has {count} fields, row 1 has {columns}"));
            }
        }
    }

    private static EndpointTestCase ReadCase(JsonElement element, string field, string defaultName, string defaultContentType)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new MlOpsValidationException(field, "must be a JSON object");
        }

        var contentType = GetString(element, "contentType", field) ?? defaultContentType;
        if (!element.TryGetProperty("body", out var body))
        {
            throw new MlOpsValidationException($"{field}.body", "is required");
        }

        var tolerance = 0.0;
        if (element.TryGetProperty("tolerance", out var t))
        {
            tolerance = t.ValueKind == JsonValueKind.Number ? t.GetDouble() : throw new MlOpsValidationException($"{field}.tolerance", "must be a number");
        }

        return new EndpointTestCase
        {
            Name = GetString(element, "name", field) ?? defaultName,
            ContentType = contentType,
            Accept = GetString(element, "accept", field),
            Body = PayloadText(body, contentType),
            ExpectedResponse = element.TryGetProperty("expected", out var expected) ? expected.GetRawText() : null,
            ExpectedSchema = element.TryGetProperty("schema", out var schema) ? schema.GetRawText() : null,
            NumberTolerance = tolerance,
        };
    }

    private static string PayloadText(JsonElement body, string contentType) =>
        body.ValueKind == JsonValueKind.String && !contentType.Contains("json", StringComparison.OrdinalIgnoreCase)
            ? body.GetString()!
            : body.GetRawText();

    private static string? GetString(JsonElement element, string name, string field)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new MlOpsValidationException(string.Create(CultureInfo.InvariantCulture, $"{field}.{name}"), "must be a string");
    }
}
