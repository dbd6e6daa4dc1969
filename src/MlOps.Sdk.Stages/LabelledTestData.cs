using System.Globalization;
using System.Text;
using System.Text.Json;
using MlOps.Sdk.Endpoints;

namespace MlOps.Sdk.Stages;

/// <summary>
/// Endpoint test data as a labelled CSV (header row, one label column): the rows go to the endpoint in one request,
/// and the accuracy of its predictions against the labels is the test's metric. The endpoint must answer
/// <c>{"predictions": [{"label": …}, …]}</c>, one prediction per row.
/// </summary>
public sealed class LabelledTestData
{
    private LabelledTestData(IReadOnlyList<string> rows, IReadOnlyList<int> labels)
    {
        Rows = rows;
        Labels = labels;
    }

    /// <summary>The feature rows, as CSV lines without the label.</summary>
    public IReadOnlyList<string> Rows { get; }

    /// <summary>The expected label of each row.</summary>
    public IReadOnlyList<int> Labels { get; }

    /// <summary>Reads a labelled CSV file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="labelColumn">The header of the label column.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The data.</returns>
    /// <exception cref="MlOpsValidationException">The file has no such column, a label is not a whole number, or it has no rows.</exception>
    public static async Task<LabelledTestData> LoadAsync(string path, string labelColumn, CancellationToken cancellationToken = default)
    {
        var lines = (await File.ReadAllLinesAsync(path, cancellationToken).ConfigureAwait(false)).Where(l => l.Trim().Length > 0).ToList();
        if (lines.Count < 2)
        {
            throw new MlOpsValidationException("--test-data", $"'{path}' must hold a header row and at least one data row");
        }

        var header = lines[0].Split(',').Select(h => h.Trim()).ToList();
        var labelIndex = header.IndexOf(labelColumn);
        if (labelIndex < 0)
        {
            throw new MlOpsValidationException("--label-column", $"'{labelColumn}' is not a column of '{path}' (columns: {string.Join(", ", header)})");
        }

        var rows = new List<string>(lines.Count - 1);
        var labels = new List<int>(lines.Count - 1);
        for (var i = 1; i < lines.Count; i++)
        {
            var cells = lines[i].Split(',');
            if (cells.Length != header.Count)
            {
                throw new MlOpsValidationException("--test-data", $"row {i + 1} of '{path}' has {cells.Length} cells, the header {header.Count}");
            }

            labels.Add(int.TryParse(cells[labelIndex].Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var label)
                ? label
                : throw new MlOpsValidationException("--test-data", $"row {i + 1} of '{path}': label '{cells[labelIndex]}' must be a whole number"));
            rows.Add(string.Join(',', cells.Where((_, index) => index != labelIndex)));
        }

        return new LabelledTestData(rows, labels);
    }

    /// <summary>All rows as one request body, one CSV line each.</summary>
    /// <returns>The body.</returns>
    public string AllRowsBody()
    {
        var all = new StringBuilder();
        foreach (var row in Rows)
        {
            all.Append(row).Append('\n');
        }

        return all.ToString();
    }

    /// <summary>The test plan: the first row as health and latency request, all rows as one sample checked against a schema.</summary>
    /// <param name="contentType">The request's content type, such as <c>text/csv</c>.</param>
    /// <param name="accept">The answer's content type, such as <c>application/json</c>.</param>
    /// <param name="latencyRequests">How many requests to time.</param>
    /// <returns>The plan.</returns>
    public EndpointTestPlan ToPlan(string contentType, string accept, int latencyRequests)
    {
        var count = Rows.Count.ToString(CultureInfo.InvariantCulture);
        var schema = "{\"type\":\"object\",\"required\":[\"predictions\"],\"properties\":{\"predictions\":{\"type\":\"array\",\"minItems\":" + count + ",\"maxItems\":" + count
            + ",\"items\":{\"type\":\"object\",\"required\":[\"label\"]}}}}";
        var one = new EndpointTestCase { Name = "one row", Body = Rows[0] + "\n", ContentType = contentType, Accept = accept };
        return new EndpointTestPlan
        {
            Health = one with { Name = "health" },
            Samples = [new EndpointTestCase { Name = $"labelled rows ({count})", Body = AllRowsBody(), ContentType = contentType, Accept = accept, ExpectedSchema = schema }],
            LatencyRequests = latencyRequests,
            LatencyRequest = one,
        };
    }

    /// <summary>The share of predictions equal to their label, from the endpoint's JSON answer.</summary>
    /// <param name="responseBody">The answer to all rows.</param>
    /// <returns>The accuracy from 0 to 1, or <see langword="null"/> when the answer has no prediction per row.</returns>
    public double? Accuracy(string? responseBody)
    {
        if (string.IsNullOrEmpty(responseBody))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(responseBody);
            if (!document.RootElement.TryGetProperty("predictions", out var predictions) || predictions.ValueKind != JsonValueKind.Array || predictions.GetArrayLength() != Labels.Count)
            {
                return null;
            }

            var correct = 0;
            var index = 0;
            foreach (var prediction in predictions.EnumerateArray())
            {
                if (prediction.TryGetProperty("label", out var label) && label.TryGetInt32(out var value) && value == Labels[index])
                {
                    correct++;
                }

                index++;
            }

            return (double)correct / Labels.Count;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
