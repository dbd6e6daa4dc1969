using System.Text.Json.Serialization;

namespace MlOps.Sdk.Stages;

/// <summary>
/// Compile-time JSON metadata for the stages' small files (hand-off state, metrics): no reflection, so a stage script can
/// be published with NativeAOT.
/// </summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(SortedDictionary<string, string>))]
[JsonSerializable(typeof(Dictionary<string, double>))]
[JsonSerializable(typeof(Packaging.ReleaseCosts))]
internal sealed partial class StageJsonContext : JsonSerializerContext;
