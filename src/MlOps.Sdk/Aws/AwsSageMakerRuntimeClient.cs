using System.Net;
using System.Text.Json;
using MlOps.Sdk.SageMaker;

namespace MlOps.Sdk.Aws;

/// <summary>
/// The SageMaker runtime over REST-JSON: <c>POST /endpoints/{name}/invocations</c> on <c>runtime.sagemaker.&lt;region&gt;</c>,
/// the payload as the body, options as <c>X-Amzn-SageMaker-*</c> headers.
/// </summary>
internal sealed class AwsSageMakerRuntimeClient : ISageMakerRuntimeClient
{
    private const string Operation = "InvokeEndpoint";

    private readonly IHttpClientFactory _httpClientFactory;
    private readonly AwsEnvironment _environment;

    public AwsSageMakerRuntimeClient(IHttpClientFactory httpClientFactory, AwsEnvironment environment)
    {
        _httpClientFactory = httpClientFactory;
        _environment = environment;
    }

    /// <inheritdoc />
    public async Task<InvokeEndpointResponse> InvokeEndpointAsync(InvokeEndpointRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();

        var endpoint = _environment.Endpoint(AwsService.SageMakerRuntime);
        var uri = new Uri(endpoint, $"endpoints/{Uri.EscapeDataString(request.EndpointName)}/invocations");
        using var message = new HttpRequestMessage(HttpMethod.Post, uri)
        {
            Content = new ReadOnlyMemoryContent(request.Body),
        };
        if (request.ContentType is not null)
        {
            message.Content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType);
        }

        AddHeader(message, "Accept", request.Accept);
        AddHeader(message, "X-Amzn-SageMaker-Custom-Attributes", request.CustomAttributes);
        AddHeader(message, "X-Amzn-SageMaker-Target-Variant", request.TargetVariant);
        AddHeader(message, "X-Amzn-SageMaker-Inference-Id", request.InferenceId);

        var client = _httpClientFactory.CreateClient(AwsService.SageMakerRuntime.HttpClientName);
        using var response = await AwsTransport.SendAsync(client, message, Operation, endpoint, request.EndpointName, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await ReadErrorAsync(response, request.EndpointName, cancellationToken).ConfigureAwait(false);
        }

        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return new InvokeEndpointResponse
        {
            Body = body,
            ContentType = response.Content.Headers.TryGetValues("Content-Type", out var types) ? types.FirstOrDefault() : null,
            InvokedProductionVariant = HeaderValue(response, "X-Amzn-Invoked-Production-Variant"),
            CustomAttributes = HeaderValue(response, "X-Amzn-SageMaker-Custom-Attributes"),
        };
    }

    private static async Task<MlOpsException> ReadErrorAsync(HttpResponseMessage response, string endpointName, CancellationToken cancellationToken)
    {
        var error = await AwsError.ReadAsync(response, cancellationToken).ConfigureAwait(false);

        // The runtime API's errors are told apart by status when the answer names no type.
        var fallback = response.StatusCode switch
        {
            HttpStatusCode.BadRequest => "ValidationError",
            HttpStatusCode.FailedDependency => "ModelError",
            HttpStatusCode.TooManyRequests => "ModelNotReadyException",
            HttpStatusCode.InternalServerError => "InternalFailure",
            HttpStatusCode.ServiceUnavailable => "ServiceUnavailable",
            HttpStatusCode.RequestEntityTooLarge => "ValidationError",
            _ => MlOpsErrorCodes.UnknownError,
        };
        if (error.Code == "ModelError" || (error.Code is null && fallback == "ModelError"))
        {
            // ModelError carries the container's own answer; it is what a person needs to see.
            var original = ModelErrorDetail(error.Body);
            if (original is not null)
            {
                error = error with { Message = $"{error.Message} {original}".Trim() };
            }
        }

        return error.ToException(Operation, endpointName, fallback);
    }

    private static string? ModelErrorDetail(JsonElement? body)
    {
        if (body is not { } element)
        {
            return null;
        }

        var status = element.TryGetProperty("OriginalStatusCode", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
        var message = element.TryGetProperty("OriginalMessage", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
        var logs = element.TryGetProperty("LogStreamArn", out var l) && l.ValueKind == JsonValueKind.String ? l.GetString() : null;
        if (status is null && message is null && logs is null)
        {
            return null;
        }

        return $"(container answered {status ?? "?"}: {message ?? "no message"}{(logs is null ? string.Empty : $"; logs: {logs}")})";
    }

    private static void AddHeader(HttpRequestMessage message, string name, string? value)
    {
        if (value is not null)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }
    }

    private static string? HeaderValue(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
