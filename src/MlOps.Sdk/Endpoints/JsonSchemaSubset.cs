using System.Globalization;
using System.Text.Json;

namespace MlOps.Sdk.Endpoints;

/// <summary>
/// A small, strict JSON Schema checker for endpoint answers: <c>type</c>, <c>required</c>, <c>properties</c>,
/// <c>additionalProperties</c> (boolean), <c>items</c>, <c>enum</c>, <c>minimum</c>, <c>maximum</c>, <c>minItems</c>,
/// <c>maxItems</c>. Any other keyword is refused up front rather than silently ignored.
/// </summary>
internal static class JsonSchemaSubset
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "type", "required", "properties", "additionalProperties", "items", "enum", "minimum", "maximum", "minItems", "maxItems",
    };

    private static readonly HashSet<string> Annotations = new(StringComparer.Ordinal) { "$schema", "$id", "title", "description", "examples" };

    private static readonly HashSet<string> Types = new(StringComparer.Ordinal) { "object", "array", "string", "number", "integer", "boolean", "null" };

    internal static void CheckSupported(string schemaJson, string field)
    {
        try
        {
            using var document = JsonDocument.Parse(schemaJson);
            CheckSupported(document.RootElement, field);
        }
        catch (JsonException e)
        {
            throw new MlOpsValidationException(field, $"is not valid JSON: {e.Message}");
        }
    }

    internal static IReadOnlyList<string> Validate(string schemaJson, JsonElement instance)
    {
        using var document = JsonDocument.Parse(schemaJson);
        var errors = new List<string>();
        Validate(document.RootElement, instance, "$", errors);
        return errors;
    }

    private static void CheckSupported(JsonElement schema, string field)
    {
        if (schema.ValueKind == JsonValueKind.True || schema.ValueKind == JsonValueKind.False)
        {
            return;
        }

        if (schema.ValueKind != JsonValueKind.Object)
        {
            throw new MlOpsValidationException(field, "must be a JSON object (a schema)");
        }

        foreach (var property in schema.EnumerateObject())
        {
            var path = $"{field}.{property.Name}";
            if (Annotations.Contains(property.Name))
            {
                continue;
            }

            if (!Keywords.Contains(property.Name))
            {
                throw new MlOpsValidationException(path, $"keyword '{property.Name}' is not supported (supported: {string.Join(", ", Keywords)})");
            }

            var value = property.Value;
            switch (property.Name)
            {
                case "type":
                    var names = value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().ToList() : [value];
                    if (names.Any(n => n.ValueKind != JsonValueKind.String || !Types.Contains(n.GetString()!)))
                    {
                        throw new MlOpsValidationException(path, $"must name types among: {string.Join(", ", Types)}");
                    }

                    break;
                case "required":
                    if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(n => n.ValueKind != JsonValueKind.String))
                    {
                        throw new MlOpsValidationException(path, "must be an array of property names");
                    }

                    break;
                case "properties":
                    if (value.ValueKind != JsonValueKind.Object)
                    {
                        throw new MlOpsValidationException(path, "must be an object of schemas");
                    }

                    foreach (var child in value.EnumerateObject())
                    {
                        CheckSupported(child.Value, $"{path}.{child.Name}");
                    }

                    break;
                case "additionalProperties":
                    if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                    {
                        throw new MlOpsValidationException(path, "must be true or false (schemas are not supported here)");
                    }

                    break;
                case "items":
                    CheckSupported(value, path);
                    break;
                case "enum":
                    if (value.ValueKind != JsonValueKind.Array)
                    {
                        throw new MlOpsValidationException(path, "must be an array");
                    }

                    break;
                default:
                    if (value.ValueKind != JsonValueKind.Number)
                    {
                        throw new MlOpsValidationException(path, "must be a number");
                    }

                    break;
            }
        }
    }

    private static void Validate(JsonElement schema, JsonElement instance, string path, List<string> errors)
    {
        if (schema.ValueKind == JsonValueKind.True)
        {
            return;
        }

        if (schema.ValueKind == JsonValueKind.False)
        {
            errors.Add($"{path}: no value is allowed here");
            return;
        }

        if (schema.TryGetProperty("type", out var type) && !MatchesType(type, instance))
        {
            errors.Add($"{path}: expected {type.GetRawText()}, got {Describe(instance)}");
            return;
        }

        if (schema.TryGetProperty("enum", out var allowed) && !allowed.EnumerateArray().Any(a => JsonResponseMatcher.AreEqual(a, instance, 0)))
        {
            errors.Add($"{path}: {Shorten(instance.GetRawText())} is not one of {Shorten(allowed.GetRawText())}");
        }

        if (instance.ValueKind == JsonValueKind.Number)
        {
            var number = instance.GetDouble();
            if (schema.TryGetProperty("minimum", out var min) && number < min.GetDouble())
            {
                errors.Add($"{path}: {F(number)} is below the minimum {F(min.GetDouble())}");
            }

            if (schema.TryGetProperty("maximum", out var max) && number > max.GetDouble())
            {
                errors.Add($"{path}: {F(number)} is above the maximum {F(max.GetDouble())}");
            }
        }

        if (instance.ValueKind == JsonValueKind.Object)
        {
            if (schema.TryGetProperty("required", out var required))
            {
                foreach (var name in required.EnumerateArray().Select(n => n.GetString()!))
                {
                    if (!instance.TryGetProperty(name, out _))
                    {
                        errors.Add($"{path}: required property '{name}' is missing");
                    }
                }
            }

            var hasProperties = schema.TryGetProperty("properties", out var properties);
            foreach (var property in instance.EnumerateObject())
            {
                if (hasProperties && properties.TryGetProperty(property.Name, out var propertySchema))
                {
                    Validate(propertySchema, property.Value, $"{path}.{property.Name}", errors);
                }
                else if (schema.TryGetProperty("additionalProperties", out var additional) && additional.ValueKind == JsonValueKind.False)
                {
                    errors.Add($"{path}: property '{property.Name}' is not allowed");
                }
            }
        }

        if (instance.ValueKind == JsonValueKind.Array)
        {
            var count = instance.GetArrayLength();
            if (schema.TryGetProperty("minItems", out var minItems) && count < minItems.GetDouble())
            {
                errors.Add($"{path}: {count} items, fewer than {F(minItems.GetDouble())}");
            }

            if (schema.TryGetProperty("maxItems", out var maxItems) && count > maxItems.GetDouble())
            {
                errors.Add($"{path}: {count} items, more than {F(maxItems.GetDouble())}");
            }

            if (schema.TryGetProperty("items", out var items))
            {
                var i = 0;
                foreach (var item in instance.EnumerateArray())
                {
                    Validate(items, item, $"{path}[{i++}]", errors);
                }
            }
        }
    }

    private static bool MatchesType(JsonElement type, JsonElement instance)
    {
        var names = type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()) : [type.GetString()];
        return names.Any(name => name switch
        {
            "object" => instance.ValueKind == JsonValueKind.Object,
            "array" => instance.ValueKind == JsonValueKind.Array,
            "string" => instance.ValueKind == JsonValueKind.String,
            "number" => instance.ValueKind == JsonValueKind.Number,
            "integer" => instance.ValueKind == JsonValueKind.Number && Math.Abs(instance.GetDouble() % 1) == 0,
            "boolean" => instance.ValueKind is JsonValueKind.True or JsonValueKind.False,
            "null" => instance.ValueKind == JsonValueKind.Null,
            _ => false,
        });
    }

    private static string Describe(JsonElement instance) => instance.ValueKind switch
    {
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => instance.ValueKind.ToString().ToLowerInvariant(),
    };

    private static string F(double value) => value.ToString("G", CultureInfo.InvariantCulture);

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";
}
