using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace MlOps.Sdk.Aws;

/// <summary>The JSON shape of AWS JSON 1.1 and REST-JSON bodies.</summary>
internal static class AwsJson
{
    /// <summary>
    /// Member names as the API model spells them, nulls left out, timestamps as epoch seconds, enums as their wire
    /// strings (the generated enums carry their converters). <c>required</c> is not enforced when reading: the API model
    /// marks members required that services (and stand-ins) leave out, and a thin answer must not crash a caller.
    /// </summary>
    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.General)
        {
            PropertyNamingPolicy = null,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver
            {
                Modifiers = { RelaxRequired },
            },
        };
        options.Converters.Add(new EpochSecondsConverter());
        options.MakeReadOnly();
        return options;
    }

    private static void RelaxRequired(JsonTypeInfo typeInfo)
    {
        foreach (var property in typeInfo.Properties)
        {
            property.IsRequired = false;
        }
    }
}
