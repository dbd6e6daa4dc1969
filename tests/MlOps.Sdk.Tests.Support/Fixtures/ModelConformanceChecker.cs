using System.Text.Json;
using System.Text.RegularExpressions;

namespace MlOps.Sdk.Tests.Fixtures;

/// <summary>
/// Checks a request against an official AWS API model the way the service does: required members, unknown members,
/// types, string lengths and patterns, enums, numeric ranges and list and map sizes. Each rule broken is one violation.
/// </summary>
public static class ModelConformanceChecker
{
    /// <summary>Checks an AWS JSON 1.1 request (the body, by its <c>X-Amz-Target</c>).</summary>
    public static IReadOnlyList<string> CheckJsonRequest(BotocoreModel model, RecordedRequest request)
    {
        var violations = new List<string>();
        if (request.Operation is null)
        {
            violations.Add($"{request.Uri}: no X-Amz-Target header");
            return violations;
        }

        if (!request.Headers.TryGetValue("Content-Type", out var contentType) || contentType != "application/x-amz-json-1.1")
        {
            violations.Add($"{request.Operation}: Content-Type is '{contentType}', not exactly application/x-amz-json-1.1");
        }

        using var document = JsonDocument.Parse(request.Body);
        Check(model, model.InputShapeOf(request.Operation), document.RootElement, request.Operation, violations);
        return violations;
    }

    /// <summary>Checks a REST-JSON request of the SageMaker runtime: members bound to the URI and headers, and the payload.</summary>
    public static IReadOnlyList<string> CheckRuntimeRequest(RecordedRequest request)
    {
        var model = BotocoreModel.SageMakerRuntime;
        var violations = new List<string>();
        var path = request.Uri.AbsolutePath;
        var match = Regex.Match(path, "^/endpoints/([^/]+)/invocations$");
        if (request.Method != HttpMethod.Post || !match.Success)
        {
            violations.Add($"InvokeEndpoint: expected POST /endpoints/{{EndpointName}}/invocations, got {request.Method} {path}");
            return violations;
        }

        var shapeName = model.InputShapeOf("InvokeEndpoint");
        var shape = model.Shape(shapeName);
        var members = new Dictionary<string, object>();
        foreach (var member in shape.GetProperty("members").EnumerateObject())
        {
            var location = member.Value.TryGetProperty("location", out var l) ? l.GetString() : null;
            var locationName = member.Value.TryGetProperty("locationName", out var n) ? n.GetString()! : member.Name;
            if (location == "uri")
            {
                members[member.Name] = Uri.UnescapeDataString(match.Groups[1].Value);
            }
            else if (location == "header" && request.Headers.TryGetValue(locationName, out var value))
            {
                members[member.Name] = value;
            }
            else if (location is null && request.Body.Length > 0)
            {
                members[member.Name] = Convert.ToBase64String(request.Body);
            }
        }

        using var document = JsonDocument.Parse(JsonSerializer.Serialize(members));
        Check(model, shapeName, document.RootElement, "InvokeEndpoint", violations);
        if (request.Body.Length > 6 * 1024 * 1024)
        {
            violations.Add("InvokeEndpoint.Body: larger than 6 MB");
        }

        return violations;
    }

    private static void Check(BotocoreModel model, string shapeName, JsonElement value, string path, List<string> violations)
    {
        var shape = model.Shape(shapeName);
        var type = shape.GetProperty("type").GetString();
        switch (type)
        {
            case "structure":
                CheckStructure(model, shape, value, path, violations);
                break;
            case "string":
                CheckString(shape, value, path, violations);
                break;
            case "integer" or "long":
                if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out _))
                {
                    violations.Add($"{path}: expected an integer, got {value.ValueKind} {value}");
                    break;
                }

                CheckRange(shape, value.GetDouble(), path, violations);
                break;
            case "float" or "double":
                if (value.ValueKind != JsonValueKind.Number)
                {
                    violations.Add($"{path}: expected a number, got {value.ValueKind}");
                    break;
                }

                CheckRange(shape, value.GetDouble(), path, violations);
                break;
            case "boolean":
                if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    violations.Add($"{path}: expected a boolean, got {value.ValueKind}");
                }

                break;
            case "timestamp":
                // AWS JSON protocols send timestamps as epoch seconds, a JSON number.
                if (value.ValueKind != JsonValueKind.Number)
                {
                    violations.Add($"{path}: expected a timestamp as epoch seconds (a number), got {value.ValueKind} {value}");
                }

                break;
            case "blob":
                if (value.ValueKind != JsonValueKind.String)
                {
                    violations.Add($"{path}: expected base64 text, got {value.ValueKind}");
                }

                break;
            case "list":
                if (value.ValueKind != JsonValueKind.Array)
                {
                    violations.Add($"{path}: expected a list, got {value.ValueKind}");
                    break;
                }

                CheckCount(shape, value.GetArrayLength(), path, violations);
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    Check(model, shape.GetProperty("member").GetProperty("shape").GetString()!, item, $"{path}[{index++}]", violations);
                }

                break;
            case "map":
                if (value.ValueKind != JsonValueKind.Object)
                {
                    violations.Add($"{path}: expected a map, got {value.ValueKind}");
                    break;
                }

                CheckCount(shape, value.EnumerateObject().Count(), path, violations);
                foreach (var entry in value.EnumerateObject())
                {
                    using var key = JsonDocument.Parse(JsonSerializer.Serialize(entry.Name));
                    Check(model, shape.GetProperty("key").GetProperty("shape").GetString()!, key.RootElement, $"{path}[{entry.Name}] (key)", violations);
                    Check(model, shape.GetProperty("value").GetProperty("shape").GetString()!, entry.Value, $"{path}[{entry.Name}]", violations);
                }

                break;
            default:
                violations.Add($"{path}: the checker does not know shape type '{type}'");
                break;
        }
    }

    private static void CheckStructure(BotocoreModel model, JsonElement shape, JsonElement value, string path, List<string> violations)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            violations.Add($"{path}: expected an object, got {value.ValueKind}");
            return;
        }

        var members = shape.GetProperty("members");
        if (shape.TryGetProperty("required", out var required))
        {
            foreach (var name in required.EnumerateArray().Select(r => r.GetString()!))
            {
                if (!value.TryGetProperty(name, out var present) || present.ValueKind == JsonValueKind.Null)
                {
                    violations.Add($"{path}.{name}: required by the model but missing");
                }
            }
        }

        foreach (var property in value.EnumerateObject())
        {
            if (!members.TryGetProperty(property.Name, out var member))
            {
                violations.Add($"{path}.{property.Name}: not a member of the model's shape");
                continue;
            }

            if (property.Value.ValueKind == JsonValueKind.Null)
            {
                violations.Add($"{path}.{property.Name}: sent as null (nulls must be left out)");
                continue;
            }

            Check(model, member.GetProperty("shape").GetString()!, property.Value, $"{path}.{property.Name}", violations);
        }
    }

    private static void CheckString(JsonElement shape, JsonElement value, string path, List<string> violations)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            violations.Add($"{path}: expected a string, got {value.ValueKind} {value}");
            return;
        }

        var text = value.GetString()!;
        if (shape.TryGetProperty("min", out var min) && text.Length < min.GetInt32())
        {
            violations.Add($"{path}: '{text}' is shorter than {min.GetInt32()}");
        }

        if (shape.TryGetProperty("max", out var max) && text.Length > max.GetInt32())
        {
            violations.Add($"{path}: {text.Length} characters, longer than {max.GetInt32()}");
        }

        if (shape.TryGetProperty("enum", out var values) && values.EnumerateArray().All(v => v.GetString() != text))
        {
            violations.Add($"{path}: '{text}' is not one of the model's enum values");
        }

        if (shape.TryGetProperty("pattern", out var pattern))
        {
            if (!JavaRegex.ToAnchoredDotNet(pattern.GetString()!).IsMatch(text))
            {
                violations.Add($"{path}: '{text}' does not match the model's pattern {pattern.GetString()}");
            }
        }
    }

    private static void CheckRange(JsonElement shape, double number, string path, List<string> violations)
    {
        if (shape.TryGetProperty("min", out var min) && number < min.GetDouble())
        {
            violations.Add($"{path}: {number} is below the minimum {min.GetDouble()}");
        }

        if (shape.TryGetProperty("max", out var max) && number > max.GetDouble())
        {
            violations.Add($"{path}: {number} is above the maximum {max.GetDouble()}");
        }
    }

    private static void CheckCount(JsonElement shape, int count, string path, List<string> violations)
    {
        if (shape.TryGetProperty("min", out var min) && count < min.GetInt32())
        {
            violations.Add($"{path}: holds {count} items, fewer than {min.GetInt32()}");
        }

        if (shape.TryGetProperty("max", out var max) && count > max.GetInt32())
        {
            violations.Add($"{path}: holds {count} items, more than {max.GetInt32()}");
        }
    }
}
