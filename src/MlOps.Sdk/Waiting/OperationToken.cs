using System.Buffers.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MlOps.Sdk.Waiting;

/// <summary>
/// The content of a rehydration token: which kind of operation, on which resource, and the names it needs besides.
/// Written as <c>mlops-op-v1.</c> followed by base64url JSON, so it survives a CI variable, a dotenv file and a URL.
/// </summary>
internal sealed record OperationToken(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("target")] string? Target = null,
    [property: JsonPropertyName("previous")] string? Previous = null)
{
    internal const string FieldName = "rehydrationToken";

    private const string Prefix = "mlops-op-v1.";

    // A token names at most three SageMaker resources (63 characters each): anything far longer is not one of ours.
    private const int MaxLength = 1024;

    internal string Encode() => Prefix + Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(this));

    internal static OperationToken Decode(string? token, string expectedKind)
    {
        if (string.IsNullOrWhiteSpace(token))
        {
            throw new MlOpsValidationException(FieldName, "is required");
        }

        if (token.Length > MaxLength || !token.StartsWith(Prefix, StringComparison.Ordinal))
        {
            throw new MlOpsValidationException(FieldName, $"must be a token an operation's RehydrationToken gave (starting '{Prefix}')");
        }

        OperationToken? decoded;
        try
        {
            decoded = JsonSerializer.Deserialize<OperationToken>(Base64Url.DecodeFromChars(token.AsSpan(Prefix.Length)));
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            throw new MlOpsValidationException(FieldName, $"is damaged: {ex.Message}");
        }

        if (decoded is null || string.IsNullOrEmpty(decoded.Kind) || string.IsNullOrEmpty(decoded.Id))
        {
            throw new MlOpsValidationException(FieldName, "is damaged: it names no operation");
        }

        if (decoded.Kind != expectedKind)
        {
            throw new MlOpsValidationException(FieldName, $"is the token of a {decoded.Kind} operation, not of a {expectedKind} operation");
        }

        return decoded;
    }
}
