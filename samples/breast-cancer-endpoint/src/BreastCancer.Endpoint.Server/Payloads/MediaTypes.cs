using Microsoft.Extensions.Primitives;

namespace BreastCancer.Endpoint.Server.Payloads;

/// <summary>Maps Content-Type and Accept headers to payload formats.</summary>
public static class MediaTypes
{
    /// <summary>The JSON media type.</summary>
    public const string Json = "application/json";

    /// <summary>The CSV media type.</summary>
    public const string Csv = "text/csv";

    /// <summary>Reads the request's format from its Content-Type; parameters such as charset are ignored.</summary>
    /// <param name="contentType">The Content-Type header.</param>
    /// <param name="format">The format.</param>
    /// <returns>False when the type is missing or not one the server reads.</returns>
    public static bool TryParseContentType(string? contentType, out PayloadFormat format)
    {
        var mediaType = MediaType(contentType);
        if (mediaType.Equals(Json, StringComparison.OrdinalIgnoreCase))
        {
            format = PayloadFormat.Json;
            return true;
        }

        format = PayloadFormat.Csv;
        return mediaType.Equals(Csv, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Picks the response format from the Accept header: the first type listed that the server writes; with no Accept
    /// header, or <c>*/*</c>, the request's own format.
    /// </summary>
    /// <param name="accept">The Accept header values.</param>
    /// <param name="requestFormat">The request's format.</param>
    /// <param name="format">The response format.</param>
    /// <returns>False when the client accepts nothing the server writes.</returns>
    public static bool TryNegotiate(StringValues accept, PayloadFormat requestFormat, out PayloadFormat format)
    {
        format = requestFormat;
        if (StringValues.IsNullOrEmpty(accept))
        {
            return true;
        }

        foreach (var header in accept)
        {
            foreach (var range in (header ?? string.Empty).Split(','))
            {
                var mediaType = MediaType(range);
                if (mediaType.Equals(Json, StringComparison.OrdinalIgnoreCase) || mediaType.Equals("application/*", StringComparison.OrdinalIgnoreCase))
                {
                    format = PayloadFormat.Json;
                    return true;
                }

                if (mediaType.Equals(Csv, StringComparison.OrdinalIgnoreCase) || mediaType.Equals("text/*", StringComparison.OrdinalIgnoreCase))
                {
                    format = PayloadFormat.Csv;
                    return true;
                }

                if (mediaType.Equals("*/*", StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The media type of a format, as the response's Content-Type.</summary>
    /// <param name="format">The format.</param>
    /// <returns>The media type.</returns>
    public static string Of(PayloadFormat format) => format == PayloadFormat.Json ? Json : Csv;

    private static ReadOnlySpan<char> MediaType(string? headerValue)
    {
        if (headerValue is null)
        {
            return [];
        }

        var span = headerValue.AsSpan();
        var semicolon = span.IndexOf(';');
        return (semicolon >= 0 ? span[..semicolon] : span).Trim();
    }
}
