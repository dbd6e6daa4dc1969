using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using BreastCancer.Endpoint.Server.Payloads;

namespace BreastCancer.Endpoint.Server.Handlers;

/// <summary>Writes an error as <c>{"message": "..."}</c> with its status code.</summary>
public static class ErrorResponse
{
    // The body is JSON, never HTML, so quotes and apostrophes in messages can stay readable.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes the error response.</summary>
    /// <param name="context">The request's context.</param>
    /// <param name="statusCode">The HTTP status.</param>
    /// <param name="message">What went wrong and how to fix it.</param>
    /// <returns>A task that completes when the response is written.</returns>
    public static Task WriteAsync(HttpContext context, int statusCode, string message)
    {
        var buffer = new ArrayBufferWriter<byte>(message.Length + 16);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("message"u8, message);
            writer.WriteEndObject();
        }

        context.Response.StatusCode = statusCode;
        context.Response.ContentType = MediaTypes.Json;
        context.Response.ContentLength = buffer.WrittenCount;
        return context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted).AsTask();
    }
}
