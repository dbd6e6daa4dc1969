using System.Net;
using System.Text.Json;

namespace MlOps.Sdk.Aws;

/// <summary>An error answer of an AWS service, read from its JSON body and <c>x-amzn-ErrorType</c> header.</summary>
/// <param name="Code">The error type, without a <c>namespace#</c> prefix, or <see langword="null"/> when the answer names none.</param>
/// <param name="Message">The service's message, when it gave one.</param>
/// <param name="StatusCode">The HTTP status.</param>
/// <param name="Body">The JSON body, when it was JSON.</param>
internal sealed record AwsError(string? Code, string? Message, HttpStatusCode StatusCode, JsonElement? Body)
{
    /// <summary>Reads the error of a failed response. The content is buffered, so it can be read again.</summary>
    public static async Task<AwsError> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        JsonElement? body = null;
        if (response.Content is not null)
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            body = TryParse(bytes);
        }

        var code = CleanCode(HeaderValue(response, "x-amzn-ErrorType"))
            ?? CleanCode(StringMember(body, "__type"))
            ?? CleanCode(StringMember(body, "code"))
            ?? CleanCode(StringMember(body, "Code"));
        var message = StringMember(body, "Message") ?? StringMember(body, "message") ?? StringMember(body, "errorMessage");
        return new AwsError(code, message, response.StatusCode, body);
    }

    /// <summary>The SDK exception for this error.</summary>
    public MlOpsException ToException(string operation, string? resourceName, string fallbackCode = MlOpsErrorCodes.UnknownError)
    {
        var code = Code ?? fallbackCode;
        var text = Message is null
            ? $"{operation} failed with {code} (HTTP {(int)StatusCode})."
            : $"{operation} failed with {code} (HTTP {(int)StatusCode}): {Message}";
        return new MlOpsException(text, code, StatusCode, resourceName) { Kind = AwsErrorKinds.KindOf(code, Message) };
    }

    private static JsonElement? TryParse(byte[] bytes)
    {
        if (bytes.Length == 0)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(bytes);
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? StringMember(JsonElement? body, string name) =>
        body is { } element && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static string? HeaderValue(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    // "com.amazonaws.sagemaker#ValidationException" and "ValidationException:http://internal.amazon.com/..." both mean ValidationException.
    private static string? CleanCode(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        var code = raw.Trim();
        var colon = code.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            code = code[..colon];
        }

        var hash = code.LastIndexOf('#');
        if (hash >= 0)
        {
            code = code[(hash + 1)..];
        }

        return code.Length == 0 ? null : code;
    }
}
