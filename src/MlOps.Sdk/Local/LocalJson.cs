using System.Text.Json;
using System.Text.Json.Serialization;

namespace MlOps.Sdk.Local;

/// <summary>The one JSON shape local state is stored in.</summary>
internal static class LocalJson
{
    internal static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.General)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    internal static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    internal static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new InvalidDataException($"The local state holds an empty {typeof(T).Name}.");
}
