using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using MlOps.Sdk.LocalWire.Runtime;
using MlOps.Sdk.LocalWire.S3;
using MlOps.Sdk.LocalWire.Sts;

namespace MlOps.Sdk.LocalWire.Protocol;

/// <summary>
/// Routes every request on the one port to its service, the way AWS's front ends tell them apart: an
/// <c>X-Amz-Target</c> header names a JSON 1.1 (or 1.0) service and operation; <c>/endpoints/{name}/invocations</c> is the
/// SageMaker runtime; an unsigned form POST to <c>/</c> is STS; anything else signed for <c>s3</c> is S3 (path-style).
/// Any other request without a SigV4 signature is refused first, in the shape of the service it was meant for.
/// </summary>
internal sealed partial class WireDispatcher
{
    private const string RuntimePrefix = "/endpoints/";
    private const string RuntimeSuffix = "/invocations";

    private readonly Dictionary<string, JsonOperationTable> tables;
    private readonly InvokeEndpointHandler runtime;
    private readonly S3Handler s3;
    private readonly StsHandler sts = new(TimeProvider.System);
    private readonly ILogger logger;

    /// <summary>Creates the dispatcher.</summary>
    /// <param name="tables">The JSON services, by their <c>X-Amz-Target</c> prefix.</param>
    /// <param name="runtime">The SageMaker runtime.</param>
    /// <param name="s3">The S3 subset.</param>
    /// <param name="logger">Receives one line per request.</param>
    public WireDispatcher(IEnumerable<JsonOperationTable> tables, InvokeEndpointHandler runtime, S3Handler s3, ILogger logger)
    {
        this.tables = tables.ToDictionary(table => table.TargetPrefix, StringComparer.Ordinal);
        this.runtime = runtime;
        this.s3 = s3;
        this.logger = logger;
    }

    /// <summary>Answers one request.</summary>
    /// <param name="context">The exchange.</param>
    /// <returns>A task that completes once the answer is written.</returns>
    public async Task HandleAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var request = context.Request;
        var target = request.Headers["X-Amz-Target"].ToString();
        var endpointName = RuntimeEndpointName(request.Path.Value ?? string.Empty);
        var operation = target.Length > 0 ? target : endpointName is not null ? "InvokeEndpoint" : $"S3 {request.Method} {request.Path}";
        var outcome = SigV4Reader.Read(request, out var credential, out var problem);
        if (target.Length == 0 && StsHandler.Answers(request))
        {
            // AssumeRoleWithWebIdentity is unsigned: the id token is the credential.
            operation = await sts.HandleAsync(context).ConfigureAwait(false);
        }
        else if (outcome != SigV4Outcome.Signed)
        {
            var error = outcome == SigV4Outcome.Missing ? WireError.MissingAuthenticationToken : WireError.IncompleteSignature(problem!);
            if (target.Length == 0 && endpointName is null)
            {
                await S3Responses.WriteErrorAsync(context, outcome == SigV4Outcome.Missing ? S3Errors.AccessDenied() : S3Errors.AuthorizationHeaderMalformed(problem!)).ConfigureAwait(false);
            }
            else
            {
                await WireResponses.WriteErrorAsync(context, error, endpointName is null ? WireResponses.AmzJson11 : "application/json").ConfigureAwait(false);
            }
        }
        else if (target.Length > 0)
        {
            await HandleJsonAsync(context, target).ConfigureAwait(false);
        }
        else if (endpointName is not null && HttpMethods.IsPost(request.Method))
        {
            await runtime.HandleAsync(context, endpointName).ConfigureAwait(false);
        }
        else if (credential!.Service == "s3")
        {
            await s3.HandleAsync(context).ConfigureAwait(false);
        }
        else
        {
            await WireResponses.WriteErrorAsync(context, new WireError(HttpStatusCode.NotFound, "UnknownOperationException", $"No operation answers {request.Method} {request.Path} for service '{credential.Service}'.")).ConfigureAwait(false);
        }

        LogRequest(logger, operation, context.Response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    // "/endpoints/churn-prod/invocations" → "churn-prod"; the name is URL-decoded as the runtime does.
    private static string? RuntimeEndpointName(string path)
    {
        if (!path.StartsWith(RuntimePrefix, StringComparison.Ordinal) || !path.EndsWith(RuntimeSuffix, StringComparison.Ordinal))
        {
            return null;
        }

        var name = path[RuntimePrefix.Length..^RuntimeSuffix.Length];
        return name.Length == 0 || name.Contains('/', StringComparison.Ordinal) ? null : Uri.UnescapeDataString(name);
    }

    private async Task HandleJsonAsync(HttpContext context, string target)
    {
        var dot = target.LastIndexOf('.');
        if (dot <= 0 || !tables.TryGetValue(target[..dot], out var table) || !table.TryFind(target[(dot + 1)..], out var operation))
        {
            await WireResponses.WriteErrorAsync(context, new WireError(HttpStatusCode.BadRequest, "UnknownOperationException", $"Unknown operation {target}.")).ConfigureAwait(false);
            return;
        }

        if (!HttpMethods.IsPost(context.Request.Method))
        {
            await WireResponses.WriteErrorAsync(context, new WireError(HttpStatusCode.BadRequest, "UnknownOperationException", $"{target} is called with POST /, not {context.Request.Method}.")).ConfigureAwait(false);
            return;
        }

        JsonObject body;
        try
        {
            body = await ReadObjectAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            await WireResponses.WriteErrorAsync(context, new WireError(HttpStatusCode.BadRequest, "SerializationException", $"The request body is not a JSON object: {ex.Message}"), table.ContentType).ConfigureAwait(false);
            return;
        }

        byte[] answer;
        try
        {
            answer = await operation(body, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !context.RequestAborted.IsCancellationRequested)
        {
            var error = WireError.FromException(ex, table.ValidationCode);
            if (error.StatusCode == HttpStatusCode.InternalServerError)
            {
                LogFailure(logger, target, ex);
            }

            await WireResponses.WriteErrorAsync(context, error, table.ContentType).ConfigureAwait(false);
            return;
        }

        await WireResponses.WriteJsonAsync(context, answer, table.ContentType).ConfigureAwait(false);
    }

    private static async Task<JsonObject> ReadObjectAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        if (buffer.Length == 0)
        {
            return [];
        }

        return JsonNode.Parse(buffer.ToArray()) as JsonObject
            ?? throw new JsonException("expected an object such as {}.");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Operation} -> {StatusCode} in {Milliseconds:0.0} ms")]
    private static partial void LogRequest(ILogger logger, string operation, int statusCode, double milliseconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Operation} failed unexpectedly")]
    private static partial void LogFailure(ILogger logger, string operation, Exception exception);
}
