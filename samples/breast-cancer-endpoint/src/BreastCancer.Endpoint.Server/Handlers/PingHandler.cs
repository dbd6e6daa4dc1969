using BreastCancer.Endpoint.Server.Model;

namespace BreastCancer.Endpoint.Server.Handlers;

/// <summary><c>GET /ping</c>: 200 once the model is loaded and can predict, 503 with the reason before that.</summary>
public sealed class PingHandler
{
    private static readonly byte[] Ready = """{"status":"ready"}"""u8.ToArray();
    private readonly ModelStore _store;

    /// <summary>Creates the handler.</summary>
    /// <param name="store">The model store.</param>
    public PingHandler(ModelStore store)
    {
        _store = store;
    }

    /// <summary>Answers the health check.</summary>
    /// <param name="context">The request's context.</param>
    /// <returns>A task that completes when the response is written.</returns>
    public Task HandleAsync(HttpContext context)
    {
        if (_store.Current is null)
        {
            return ErrorResponse.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, _store.Failure ?? "The model is loading.");
        }

        context.Response.ContentType = Payloads.MediaTypes.Json;
        context.Response.ContentLength = Ready.Length;
        return context.Response.Body.WriteAsync(Ready, context.RequestAborted).AsTask();
    }
}
