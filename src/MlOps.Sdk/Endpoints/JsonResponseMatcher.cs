using System.Globalization;
using System.Text.Json;

namespace MlOps.Sdk.Endpoints;

/// <summary>
/// Compares an endpoint's answer with the expected one: as JSON when both parse, else as trimmed text. An expected
/// object names the properties that must match; the answer may carry more (a probability beside the decision), since a
/// plan that must forbid them says so with a schema's <c>additionalProperties: false</c>.
/// </summary>
internal static class JsonResponseMatcher
{
    /// <summary>Returns <see langword="null"/> when the answer matches, else where and how it differs.</summary>
    internal static string? Difference(string expected, string actual, double tolerance)
    {
        var expectedJson = TryParse(expected);
        var actualJson = TryParse(actual);
        try
        {
            if (expectedJson is not null && actualJson is not null)
            {
                return Difference(expectedJson.RootElement, actualJson.RootElement, "$", tolerance, extraPropertiesAllowed: true);
            }

            // A JSON string in the plan may stand for a plain-text answer.
            var expectedText = expectedJson?.RootElement.ValueKind == JsonValueKind.String ? expectedJson.RootElement.GetString()! : expected;
            return string.Equals(expectedText.Trim(), actual.Trim(), StringComparison.Ordinal)
                ? null
                : $"expected '{Shorten(expectedText.Trim())}', got '{Shorten(actual.Trim())}'";
        }
        finally
        {
            expectedJson?.Dispose();
            actualJson?.Dispose();
        }
    }

    /// <summary>Exact equality (numbers within <paramref name="tolerance"/>), as a schema's <c>enum</c> needs.</summary>
    internal static bool AreEqual(JsonElement expected, JsonElement actual, double tolerance) =>
        Difference(expected, actual, "$", tolerance, extraPropertiesAllowed: false) is null;

    private static string? Difference(JsonElement expected, JsonElement actual, string path, double tolerance, bool extraPropertiesAllowed)
    {
        if (expected.ValueKind == JsonValueKind.Number && actual.ValueKind == JsonValueKind.Number)
        {
            var e = expected.GetDouble();
            var a = actual.GetDouble();
            return Math.Abs(e - a) <= tolerance ? null : $"{path}: expected {F(e)}, got {F(a)}";
        }

        var expectedKind = expected.ValueKind is JsonValueKind.True or JsonValueKind.False ? JsonValueKind.True : expected.ValueKind;
        var actualKind = actual.ValueKind is JsonValueKind.True or JsonValueKind.False ? JsonValueKind.True : actual.ValueKind;
        if (expectedKind != actualKind)
        {
            return $"{path}: expected {Shorten(expected.GetRawText())}, got {Shorten(actual.GetRawText())}";
        }

        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                var actualNames = actual.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
                foreach (var property in expected.EnumerateObject())
                {
                    if (!actual.TryGetProperty(property.Name, out var value))
                    {
                        return $"{path}: property '{property.Name}' is missing";
                    }

                    actualNames.Remove(property.Name);
                    if (Difference(property.Value, value, $"{path}.{property.Name}", tolerance, extraPropertiesAllowed) is { } difference)
                    {
                        return difference;
                    }
                }

                return actualNames.Count == 0 || extraPropertiesAllowed ? null : $"{path}: unexpected property '{actualNames.First()}'";
            case JsonValueKind.Array:
                if (expected.GetArrayLength() != actual.GetArrayLength())
                {
                    return $"{path}: expected {expected.GetArrayLength()} items, got {actual.GetArrayLength()}";
                }

                var i = 0;
                foreach (var (e, a) in expected.EnumerateArray().Zip(actual.EnumerateArray()))
                {
                    if (Difference(e, a, $"{path}[{i++}]", tolerance, extraPropertiesAllowed) is { } difference)
                    {
                        return difference;
                    }
                }

                return null;
            case JsonValueKind.String:
                return expected.GetString() == actual.GetString() ? null : $"{path}: expected \"{Shorten(expected.GetString()!)}\", got \"{Shorten(actual.GetString()!)}\"";
            default:
                return expected.ValueKind == actual.ValueKind ? null : $"{path}: expected {expected.GetRawText()}, got {actual.GetRawText()}";
        }
    }

    internal static JsonDocument? TryParse(string text)
    {
        try
        {
            return JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string F(double value) => value.ToString("G", CultureInfo.InvariantCulture);

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";
}
