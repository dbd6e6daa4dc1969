using System.Text.Json;
using MlOps.Sdk.Endpoints;

namespace MlOps.Sdk.Tests.Endpoints;

public sealed class JsonSchemaSubsetTests
{
    private const string Schema = """
        {
          "type": "object",
          "required": ["label", "scores"],
          "additionalProperties": false,
          "properties": {
            "label": { "enum": ["yes", "no"] },
            "scores": { "type": "array", "minItems": 2, "items": { "type": "number", "minimum": 0, "maximum": 1 } }
          }
        }
        """;

    [Fact]
    public void Validate_ConformingAnswer_HasNoErrors()
    {
        Assert.Empty(Check("""{"label":"yes","scores":[0.2,0.8]}"""));
    }

    [Fact]
    public void Validate_MissingRequired_NamesTheProperty()
    {
        Assert.Contains("required property 'scores' is missing", Assert.Single(Check("""{"label":"yes"}""")), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ValueOutsideEnum_Fails()
    {
        Assert.StartsWith("$.label:", Assert.Single(Check("""{"label":"maybe","scores":[0.2,0.8]}""")), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ItemAboveMaximum_NamesTheItem()
    {
        Assert.StartsWith("$.scores[1]:", Assert.Single(Check("""{"label":"no","scores":[0.2,1.8]}""")), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TooFewItems_Fails()
    {
        Assert.Single(Check("""{"label":"no","scores":[0.2]}"""));
    }

    [Fact]
    public void Validate_ExtraPropertyWhenNotAllowed_Fails()
    {
        Assert.Contains("'extra' is not allowed", Assert.Single(Check("""{"label":"no","scores":[0.2,0.3],"extra":1}""")), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WrongType_Fails()
    {
        Assert.Contains("expected \"object\"", Assert.Single(Check("[1]")), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_IntegerTypeGivenFraction_Fails()
    {
        using var document = JsonDocument.Parse("1.5");

        Assert.Single(JsonSchemaSubset.Validate("""{"type":"integer"}""", document.RootElement));
    }

    private static IReadOnlyList<string> Check(string json)
    {
        using var document = JsonDocument.Parse(json);
        return JsonSchemaSubset.Validate(Schema, document.RootElement);
    }
}
