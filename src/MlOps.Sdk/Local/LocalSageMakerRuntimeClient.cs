using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MlOps.Sdk.SageMaker;

namespace MlOps.Sdk.Local;

/// <summary>
/// InvokeEndpoint on one machine: forwards the payload to the endpoint's current model server on 127.0.0.1 with the
/// runtime API's headers, and maps its answers to the runtime API's errors.
/// </summary>
public sealed class LocalSageMakerRuntimeClient : ISageMakerRuntimeClient, IDisposable
{
    private const string CustomAttributesHeader = "X-Amzn-SageMaker-Custom-Attributes";
    private const int MaxConnectAttempts = 20;
    private readonly LocalSageMakerClient control;
    private readonly bool ownsControl;
    private readonly LocalOptions options;
    private readonly HttpClient http;
    private readonly TimeProvider timeProvider;

    // Where an in-service endpoint's traffic goes, kept this long per endpoint: reading and reconciling the state on
    // every invocation capped the invoke path at a few hundred requests a second. An endpoint that is being created,
    // updated or has failed is never kept (only requests already waiting on the same read share it; the next invocation reconciles, which is what switches traffic after a
    // blue/green update), and an instance that refuses the connection drops the entry at once, so a crash, a deletion
    // or a retired fleet is seen on the very next attempt.
    private static readonly TimeSpan RouteLifetime = TimeSpan.FromMilliseconds(200);
    // One lookup per endpoint at a time: when the kept route expires, the requests in flight share the read that
    // refreshes it instead of each reading and reconciling the state (under load that stampede was most of the latency).
    private readonly ConcurrentDictionary<string, (Lazy<Task<LocalEndpointRecord>> Lookup, long At)> routes = new(StringComparer.Ordinal);

    /// <summary>Creates the client over the home folder the options name.</summary>
    /// <param name="options">Local-mode settings.</param>
    /// <param name="timeProvider">The clock; the system clock when omitted.</param>
    /// <param name="logger">Receives endpoint state changes noticed while invoking.</param>
    public LocalSageMakerRuntimeClient(IOptions<LocalOptions> options, TimeProvider? timeProvider = null, ILogger<LocalSageMakerClient>? logger = null)
        : this(options ?? throw new ArgumentNullException(nameof(options)), new LocalSageMakerClient(options, timeProvider, logger), ownsControl: true, timeProvider)
    {
    }

    /// <summary>Composes the runtime over a control-plane client that someone else owns (how dependency injection builds it).</summary>
    internal LocalSageMakerRuntimeClient(IOptions<LocalOptions> options, LocalSageMakerClient control, bool ownsControl, TimeProvider? timeProvider)
    {
        this.options = options.Value;
        this.timeProvider = timeProvider ?? TimeProvider.System;
        this.control = control;
        this.ownsControl = ownsControl;
        http = LocalHttp.CreateClient();
    }

    internal LocalSageMakerClient Control => control;

    /// <inheritdoc />
    public async Task<InvokeEndpointResponse> InvokeEndpointAsync(InvokeEndpointRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        // Instances that gave no HTTP answer to this request: it is sent again to another instance of the variant, as
        // SageMaker routes around an instance that fails; when the variant has none that is healthy (its only one died
        // and its replacement does not yet answer /ping), it waits for one for a bounded number of attempts.
        var unreachable = new HashSet<string>(StringComparer.Ordinal);
        var variant = request.TargetVariant;
        for (var attempt = 1; ; attempt++)
        {
            var (instance, picked) = await PickInstanceAsync(request, variant, unreachable, cancellationToken).ConfigureAwait(false);
            variant = picked;
            if (instance is null)
            {
                routes.TryRemove(request.EndpointName, out _);
                if (attempt >= MaxConnectAttempts)
                {
                    throw LocalErrors.Runtime("ServiceUnavailable", HttpStatusCode.ServiceUnavailable, $"No instance of variant {picked} of endpoint {request.EndpointName} is healthy to take the request; a replacement is starting.", request.EndpointName);
                }

                await Task.Delay(TimeSpan.FromMilliseconds(50), timeProvider, cancellationToken).ConfigureAwait(false);
                continue;
            }

            try
            {
                return await SendAsync(request, instance, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException ex) when (!cancellationToken.IsCancellationRequested)
            {
                // No HTTP answer came back. During a blue/green switch the old server may close between reading the
                // state and connecting, or die with the request in flight (kill -9: the connection is reset), so it is
                // sent again to whatever serves the endpoint now, as the AWS SDKs retry a reset connection; whatever
                // the socket error, the caller ends with a typed ServiceUnavailable, never a bare HttpRequestException.
                routes.TryRemove(request.EndpointName, out _);
                unreachable.Add(instance.Directory);
                if (attempt >= MaxConnectAttempts)
                {
                    throw LocalErrors.Runtime("ServiceUnavailable", HttpStatusCode.ServiceUnavailable, $"The model server of endpoint {request.EndpointName} is not reachable: {ex.Message}", request.EndpointName);
                }

                await Task.Delay(TimeSpan.FromMilliseconds(50), timeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Releases the HTTP clients.</summary>
    public void Dispose()
    {
        http.Dispose();
        if (ownsControl)
        {
            control.Dispose();
        }
    }

    private static string Message(byte[] body)
    {
        var text = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 4096));
        return text.Replace("\"", "\\\"", StringComparison.Ordinal);
    }

    /// <summary>
    /// The variant (<paramref name="variant"/> once chosen, else by weight) and one of its healthy instances (not a
    /// replacement still starting), preferring those not in <paramref name="unreachable"/>; null when it has none.
    /// </summary>
    private async Task<(LocalEndpointInstance? Instance, string Variant)> PickInstanceAsync(InvokeEndpointRequest request, string? variant, HashSet<string> unreachable, CancellationToken cancellationToken)
    {
        LocalEndpointRecord record;
        try
        {
            record = await RouteAsync(request.EndpointName, cancellationToken).ConfigureAwait(false);
        }
        catch (MlOpsException ex) when (ex.Kind == MlOpsErrorKind.NotFound)
        {
            throw LocalErrors.Runtime("ValidationError", HttpStatusCode.BadRequest, $"Endpoint {request.EndpointName} of account {control.Arns.AccountId} not found.", request.EndpointName);
        }

        var status = record.Description.EndpointStatus;
        if (record.Current is null || status is not (EndpointStatus.InService or EndpointStatus.Updating))
        {
            var reason = record.Description.FailureReason is { } why ? $" Reason: {why}" : string.Empty;
            throw LocalErrors.Runtime("ValidationError", HttpStatusCode.BadRequest, $"Endpoint {request.EndpointName} of account {control.Arns.AccountId} is {status}, not InService.{reason}", request.EndpointName);
        }

        var variants = LocalEndpointTransitions.Variants(record.Current);
        var chosen = variant is null ? PickVariant(variants)
            : variants.FirstOrDefault(v => string.Equals(v.Key, variant, StringComparison.Ordinal))
                ?? (request.TargetVariant is null ? PickVariant(variants) : throw LocalErrors.Runtime("ValidationError", HttpStatusCode.BadRequest, $"The variant {variant} is not found for endpoint {request.EndpointName}.", request.EndpointName));
        // An instance that failed this request is tried again only when the variant has no other healthy one.
        var healthy = chosen.Where(i => i.ReplacingSince is null).ToList();
        var untried = healthy.Where(i => !unreachable.Contains(i.Directory)).ToList();
        var candidates = untried.Count > 0 ? untried : healthy;
        return (candidates.Count == 0 ? null : candidates[Random.Shared.Next(candidates.Count)], chosen.Key);
    }

    // The endpoint's record as a request routes by it: kept for RouteLifetime while it is InService; any other status is
    // shared only by the requests that waited on the same read, and read again by the next one.
    private async Task<LocalEndpointRecord> RouteAsync(string endpointName, CancellationToken cancellationToken)
    {
        var entry = routes.AddOrUpdate(
            endpointName,
            name => NewLookup(name),
            (name, kept) => timeProvider.GetElapsedTime(kept.At) < RouteLifetime ? kept : NewLookup(name));
        try
        {
            var record = await entry.Lookup.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (record.Description.EndpointStatus != EndpointStatus.InService)
            {
                routes.TryRemove(KeyValuePair.Create(endpointName, entry));
            }

            return record;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            routes.TryRemove(KeyValuePair.Create(endpointName, entry));
            throw;
        }
    }

    // The read runs for every request waiting on it, so no one request's cancellation ends it. It starts on the thread
    // pool: reading the state (SQLite) and the processes (/proc) is synchronous, and run inside Lazy.Value it held the
    // Lazy's lock, blocking the threads of the endpoint's other requests until its first real await (a trace of the
    // wire server under load put 4% of its CPU in that lock's contention).
    private (Lazy<Task<LocalEndpointRecord>> Lookup, long At) NewLookup(string endpointName) =>
        (new Lazy<Task<LocalEndpointRecord>>(() => Task.Run(() => control.Endpoints.GetReconciledAsync(endpointName, CancellationToken.None))), timeProvider.GetTimestamp());

    private static IGrouping<string, LocalEndpointInstance> PickVariant(IReadOnlyList<IGrouping<string, LocalEndpointInstance>> variants)
    {
        var total = variants.Sum(v => Math.Max(0, v.First().Weight));
        if (variants.Count == 1 || total <= 0)
        {
            return variants[0];
        }

        var pick = Random.Shared.NextDouble() * total;
        foreach (var variant in variants)
        {
            pick -= Math.Max(0, variant.First().Weight);
            if (pick < 0)
            {
                return variant;
            }
        }

        return variants[^1];
    }

    private async Task<InvokeEndpointResponse> SendAsync(InvokeEndpointRequest request, LocalEndpointInstance instance, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{instance.Port}/invocations");
        message.Content = new ReadOnlyMemoryContent(request.Body);
        if (request.ContentType is { Length: > 0 } contentType)
        {
            message.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        if (request.Accept is { Length: > 0 } accept)
        {
            message.Headers.TryAddWithoutValidation("Accept", accept);
        }

        if (request.CustomAttributes is { } attributes)
        {
            message.Headers.TryAddWithoutValidation(CustomAttributesHeader, attributes);
        }

        if (request.InferenceId is { } inferenceId)
        {
            message.Headers.TryAddWithoutValidation("X-Amzn-SageMaker-Inference-Id", inferenceId);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.InvocationTimeout);
        HttpResponseMessage response;
        byte[] body;
        try
        {
            response = await http.SendAsync(message, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
            body = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw LocalErrors.Runtime(
                "ModelError",
                HttpStatusCode.FailedDependency,
                $"Your invocation timed out while waiting for a response from container primary of variant {instance.VariantName} (limit {options.InvocationTimeout.TotalSeconds:0} s).",
                request.EndpointName);
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            if (status is >= 200 and < 300)
            {
                return new InvokeEndpointResponse
                {
                    Body = body,
                    ContentType = response.Content.Headers.ContentType?.ToString(),
                    InvokedProductionVariant = instance.VariantName,
                    CustomAttributes = response.Headers.TryGetValues(CustomAttributesHeader, out var values) ? string.Join(",", values) : null,
                };
            }

            var kind = status is >= 400 and < 500 ? "client" : "server";
            throw LocalErrors.Runtime(
                "ModelError",
                HttpStatusCode.FailedDependency,
                $"Received {kind} error ({status}) from primary with message \"{Message(body)}\". See the server log in {instance.Directory}.",
                request.EndpointName);
        }
    }
}
