using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace MlOps.Sdk.LocalWire.Protocol;

/// <summary>Writes answers and errors with the headers every AWS JSON service sends.</summary>
internal static class WireResponses
{
    /// <summary>The media type of AWS JSON 1.1 bodies.</summary>
    public const string AmzJson11 = "application/x-amz-json-1.1";

    /// <summary>Writes a JSON body (an AWS JSON 1.1 answer, or a REST-JSON one with <paramref name="contentType"/>).</summary>
    /// <param name="context">The exchange.</param>
    /// <param name="body">The serialized answer.</param>
    /// <param name="contentType">The media type.</param>
    /// <returns>A task that completes once the body is written.</returns>
    public static Task WriteJsonAsync(HttpContext context, byte[] body, string contentType = AmzJson11)
    {
        AddRequestId(context);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = contentType;
        context.Response.ContentLength = body.Length;
        return context.Response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }

    /// <summary>
    /// Writes an error as AWS's JSON protocols do: the code in <c>x-amzn-ErrorType</c> (what REST-JSON clients read)
    /// and in the body's <c>__type</c> (what JSON 1.1 clients read), the text in <c>message</c>.
    /// </summary>
    /// <param name="context">The exchange.</param>
    /// <param name="error">The error.</param>
    /// <param name="contentType">The media type of the body.</param>
    /// <returns>A task that completes once the error is written.</returns>
    public static Task WriteErrorAsync(HttpContext context, WireError error, string contentType = AmzJson11)
    {
        context.Response.Headers["x-amzn-ErrorType"] = error.Code;
        var body = new JsonObject { ["__type"] = error.Code, ["message"] = error.Message };
        var bytes = JsonSerializer.SerializeToUtf8Bytes(body);
        AddRequestId(context);
        context.Response.StatusCode = (int)error.StatusCode;
        context.Response.ContentType = contentType;
        context.Response.ContentLength = bytes.Length;
        return context.Response.Body.WriteAsync(bytes, context.RequestAborted).AsTask();
    }

    /// <summary>Adds the request id every AWS answer carries (clients put it in their response metadata and errors).</summary>
    /// <param name="context">The exchange.</param>
    public static void AddRequestId(HttpContext context)
    {
        if (!context.Response.Headers.ContainsKey("x-amzn-RequestId"))
        {
            context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        }
    }
}
