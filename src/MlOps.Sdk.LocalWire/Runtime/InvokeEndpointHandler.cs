using System.Net;
using Microsoft.AspNetCore.Http;
using MlOps.Sdk.LocalWire.Protocol;
using MlOps.Sdk.SageMaker;

namespace MlOps.Sdk.LocalWire.Runtime;

/// <summary>
/// The SageMaker runtime's <c>InvokeEndpoint</c> (REST-JSON, <c>POST /endpoints/{EndpointName}/invocations</c>): the body
/// is the payload, the options travel in the runtime's headers both ways, and errors carry the runtime's codes
/// (<c>ValidationError</c> 400, <c>ModelError</c> 424, <c>ServiceUnavailable</c> 503...) in <c>x-amzn-ErrorType</c>.
/// </summary>
internal sealed class InvokeEndpointHandler(ISageMakerRuntimeClient runtime)
{
    /// <summary>The runtime's media type for errors and for answers that name none.</summary>
    private const string JsonContentType = "application/json";
    private const string CustomAttributesHeader = "X-Amzn-SageMaker-Custom-Attributes";
    private const string TargetVariantHeader = "X-Amzn-SageMaker-Target-Variant";
    private const string InferenceIdHeader = "X-Amzn-SageMaker-Inference-Id";
    private const string InvokedVariantHeader = "x-Amzn-Invoked-Production-Variant";

    /// <summary>Answers one invocation.</summary>
    /// <param name="context">The exchange.</param>
    /// <param name="endpointName">The endpoint, from the path.</param>
    /// <returns>A task that completes once the answer is written.</returns>
    public async Task HandleAsync(HttpContext context, string endpointName)
    {
        var body = await ReadBodyAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        if (body is null)
        {
            await WireResponses.WriteErrorAsync(
                context,
                new WireError(HttpStatusCode.RequestEntityTooLarge, "ValidationError", $"Request body of endpoint {endpointName} is larger than {InvokeEndpointRequest.MaxBodyBytes} bytes (6 MB)."),
                JsonContentType).ConfigureAwait(false);
            return;
        }

        InvokeEndpointResponse answer;
        try
        {
            answer = await runtime.InvokeEndpointAsync(
                new InvokeEndpointRequest
                {
                    EndpointName = endpointName,
                    Body = body,
                    ContentType = Header(context.Request, "Content-Type"),
                    Accept = Header(context.Request, "Accept"),
                    CustomAttributes = Header(context.Request, CustomAttributesHeader),
                    TargetVariant = Header(context.Request, TargetVariantHeader),
                    InferenceId = Header(context.Request, InferenceIdHeader),
                },
                context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !context.RequestAborted.IsCancellationRequested)
        {
            await WireResponses.WriteErrorAsync(context, WireError.FromException(ex, "ValidationError"), JsonContentType).ConfigureAwait(false);
            return;
        }

        WireResponses.AddRequestId(context);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = answer.ContentType ?? JsonContentType;
        if (answer.InvokedProductionVariant is not null)
        {
            context.Response.Headers[InvokedVariantHeader] = answer.InvokedProductionVariant;
        }

        if (answer.CustomAttributes is not null)
        {
            context.Response.Headers[CustomAttributesHeader] = answer.CustomAttributes;
        }

        context.Response.ContentLength = answer.Body.Length;
        await context.Response.Body.WriteAsync(answer.Body, context.RequestAborted).ConfigureAwait(false);
    }

    private static string? Header(HttpRequest request, string name) =>
        request.Headers.TryGetValue(name, out var value) && value.Count > 0 ? value.ToString() : null;

    // Reads at most one byte past the runtime's limit, so an oversized payload is refused without buffering all of it.
    // A body of known length (what the SDKs and the CLI send) is read straight into its array: a buffer per request was
    // most of what the invoke path allocated.
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > InvokeEndpointRequest.MaxBodyBytes)
        {
            return null;
        }

        if (request.ContentLength is { } length)
        {
            var body = new byte[length];
            await request.Body.ReadExactlyAsync(body, cancellationToken).ConfigureAwait(false);
            return body;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > InvokeEndpointRequest.MaxBodyBytes)
            {
                return null;
            }
        }

        return buffer.ToArray();
    }
}
