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
    // updated or has failed is never cached (its next invocation reconciles, which is what switches traffic after a
    // blue/green update), and an instance that refuses the connection drops the entry at once, so a crash, a deletion
    // or a retired fleet is seen on the very next attempt.
    private static readonly TimeSpan RouteLifetime = TimeSpan.FromMilliseconds(200);
    private readonly ConcurrentDictionary<string, (LocalEndpointRecord Record, long At)> routes = new(StringComparer.Ordinal);

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
        for (var attempt = 1; ; attempt++)
        {
            var instance = await PickInstanceAsync(request, cancellationToken).ConfigureAwait(false);
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

    private async Task<LocalEndpointInstance> PickInstanceAsync(InvokeEndpointRequest request, CancellationToken cancellationToken)
    {
        LocalEndpointRecord record;
        try
        {
            if (routes.TryGetValue(request.EndpointName, out var cached) && timeProvider.GetElapsedTime(cached.At) < RouteLifetime)
            {
                record = cached.Record;
            }
            else
            {
                record = await control.Endpoints.GetReconciledAsync(request.EndpointName, cancellationToken).ConfigureAwait(false);
                if (record.Description.EndpointStatus == EndpointStatus.InService)
                {
                    routes[request.EndpointName] = (record, timeProvider.GetTimestamp());
                }
            }
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

        var instances = record.Current.Instances;
        if (request.TargetVariant is { } target)
        {
            return instances.FirstOrDefault(i => string.Equals(i.VariantName, target, StringComparison.Ordinal))
                ?? throw LocalErrors.Runtime("ValidationError", HttpStatusCode.BadRequest, $"The variant {target} is not found for endpoint {request.EndpointName}.", request.EndpointName);
        }

        var total = instances.Sum(i => Math.Max(0, i.Weight));
        if (instances.Count == 1 || total <= 0)
        {
            return instances[0];
        }

        var pick = Random.Shared.NextDouble() * total;
        foreach (var instance in instances)
        {
            pick -= Math.Max(0, instance.Weight);
            if (pick < 0)
            {
                return instance;
            }
        }

        return instances[^1];
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
