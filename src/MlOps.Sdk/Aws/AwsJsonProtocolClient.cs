using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MlOps.Sdk.Aws;

/// <summary>
/// Calls one AWS JSON 1.1 service: <c>POST /</c> with <c>X-Amz-Target: &lt;prefix&gt;.&lt;Operation&gt;</c> and the body in
/// content type <c>application/x-amz-json-1.1</c>, through the named <see cref="HttpClient"/> that retries and signs.
/// </summary>
internal sealed class AwsJsonProtocolClient
{
    private const string ContentType = "application/x-amz-json-1.1";

    private readonly IHttpClientFactory _httpClientFactory;
    private readonly AwsEnvironment _environment;
    private readonly AwsService _service;
    private readonly string _targetPrefix;

    public AwsJsonProtocolClient(IHttpClientFactory httpClientFactory, AwsEnvironment environment, AwsService service, string targetPrefix)
    {
        _httpClientFactory = httpClientFactory;
        _environment = environment;
        _service = service;
        _targetPrefix = targetPrefix;
    }

    /// <summary>Calls an operation and reads its answer.</summary>
    public async Task<TResponse> InvokeAsync<TResponse>(string operation, JsonObject body, string? resourceName, CancellationToken cancellationToken)
    {
        var bytes = await SendAsync(operation, body, resourceName, cancellationToken).ConfigureAwait(false);
        try
        {
            var text = bytes.Length == 0 ? "{}"u8.ToArray() : bytes;
            return JsonSerializer.Deserialize<TResponse>(text, AwsJson.Options)
                ?? throw new JsonException("The answer was JSON null.");
        }
        catch (JsonException ex)
        {
            throw new MlOpsException($"{operation} answered with JSON the SDK cannot read: {ex.Message}", MlOpsErrorCodes.InvalidResponse, null, resourceName, ex);
        }
    }

    /// <summary>Calls an operation whose answer carries nothing the SDK needs.</summary>
    public Task InvokeAsync(string operation, JsonObject body, string? resourceName, CancellationToken cancellationToken) =>
        SendAsync(operation, body, resourceName, cancellationToken);

    /// <summary>Calls a paginated operation until the service stops returning a next token.</summary>
    public async IAsyncEnumerable<TItem> PaginateAsync<TResponse, TItem>(
        string operation,
        JsonObject body,
        string tokenMember,
        Func<TResponse, IEnumerable<TItem>?> items,
        Func<TResponse, string?> nextToken,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? token = null;
        do
        {
            var page = (JsonObject)body.DeepClone();
            if (token is not null)
            {
                page[tokenMember] = token;
            }

            var answer = await InvokeAsync<TResponse>(operation, page, null, cancellationToken).ConfigureAwait(false);
            foreach (var item in items(answer) ?? [])
            {
                yield return item;
            }

            var next = nextToken(answer);
            if (next is not null && next == token)
            {
                throw new MlOpsException($"{operation} returned the same page token twice; stopping to avoid an endless listing.", MlOpsErrorCodes.InvalidResponse);
            }

            token = string.IsNullOrEmpty(next) ? null : next;
        }
        while (token is not null);
    }

    /// <summary>Serializes a request with the AWS JSON conventions.</summary>
    public static JsonObject Serialize<TRequest>(TRequest request) =>
        JsonSerializer.SerializeToNode(request, AwsJson.Options) as JsonObject ?? [];

    private async Task<byte[]> SendAsync(string operation, JsonObject body, string? resourceName, CancellationToken cancellationToken)
    {
        var endpoint = _environment.Endpoint(_service);
        using var message = new HttpRequestMessage(HttpMethod.Post, endpoint)
        {
            Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, AwsJson.Options)),
        };

        // ByteArrayContent, not StringContent: AWS wants the media type exactly, with no "; charset=utf-8".
        message.Content.Headers.ContentType = new MediaTypeHeaderValue(ContentType);
        message.Headers.TryAddWithoutValidation("X-Amz-Target", $"{_targetPrefix}.{operation}");

        var client = _httpClientFactory.CreateClient(_service.HttpClientName);
        using var response = await AwsTransport.SendAsync(client, message, operation, endpoint, resourceName, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var error = await AwsError.ReadAsync(response, cancellationToken).ConfigureAwait(false);
            throw error.ToException(operation, resourceName);
        }

        return await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
    }
}
