using System.Buffers.Text;
using System.Text.Json;

namespace MlOps.Sdk.LocalWire.Sts;

/// <summary>
/// The claims of an OIDC id token (a JWT) that STS checks before it trusts it: the audience, the expiry, the issuer and
/// the subject. The signature is not verified: there is no identity provider to fetch keys from on 127.0.0.1.
/// </summary>
internal sealed record WebIdentityToken(string? Issuer, string? Subject, IReadOnlyList<string> Audiences, DateTimeOffset? Expires)
{
    /// <summary>Reads the claims, or says why the text is no JWT.</summary>
    /// <param name="token">The token as sent.</param>
    /// <param name="problem">Why it cannot be read, when it cannot.</param>
    /// <returns>The claims, or <see langword="null"/>.</returns>
    public static WebIdentityToken? TryRead(string token, out string? problem)
    {
        var parts = token.Split('.');
        if (parts.Length != 3 || parts.Any(p => p.Length == 0))
        {
            problem = "the token is not a JWT (three base64url parts separated by dots)";
            return null;
        }

        try
        {
            using var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
            var root = payload.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                problem = "the token's payload is not a JSON object";
                return null;
            }

            problem = null;
            return new WebIdentityToken(
                Text(root, "iss"),
                Text(root, "sub"),
                ReadAudiences(root),
                root.TryGetProperty("exp", out var exp) && exp.TryGetInt64(out var seconds) ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null);
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            problem = "the token's payload cannot be read: " + ex.Message;
            return null;
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    // "aud" is a string or an array of strings (RFC 7519, section 4.1.3).
    private static IReadOnlyList<string> ReadAudiences(JsonElement root) =>
        !root.TryGetProperty("aud", out var aud) ? []
        : aud.ValueKind == JsonValueKind.String ? [aud.GetString()!]
        : aud.ValueKind == JsonValueKind.Array ? [.. aud.EnumerateArray().Where(a => a.ValueKind == JsonValueKind.String).Select(a => a.GetString()!)]
        : [];
}
