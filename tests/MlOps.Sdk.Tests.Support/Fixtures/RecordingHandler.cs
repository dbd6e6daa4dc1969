using System.Collections.Concurrent;

namespace MlOps.Sdk.Tests.Fixtures;

/// <summary>
/// The transport of the AWS clients in tests: records every request (headers and body, as signed) and then either
/// forwards it to a real server or lets a responder answer in process.
/// </summary>
public sealed class RecordingHandler : DelegatingHandler
{
    private readonly Func<RecordedRequest, CancellationToken, Task<HttpResponseMessage>>? _responder;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    /// <summary>Forwards to the network, without following redirects.</summary>
    public RecordingHandler()
        : base(new SocketsHttpHandler { AllowAutoRedirect = false })
    {
    }

    /// <summary>Answers in process.</summary>
    public RecordingHandler(Func<RecordedRequest, CancellationToken, Task<HttpResponseMessage>> responder)
        : base(new SocketsHttpHandler { AllowAutoRedirect = false })
    {
        _responder = responder;
    }

    /// <summary>Answers in process, synchronously.</summary>
    public RecordingHandler(Func<RecordedRequest, HttpResponseMessage> responder)
        : this((request, _) => Task.FromResult(responder(request)))
    {
    }

    public IReadOnlyList<RecordedRequest> Requests => _requests.ToArray();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in request.Headers)
        {
            headers[header.Key] = string.Join(",", header.Value);
        }

        if (request.Content is not null)
        {
            foreach (var header in request.Content.Headers)
            {
                headers[header.Key] = string.Join(",", header.Value);
            }
        }

        var recorded = new RecordedRequest(request.Method, request.RequestUri!, headers, body);
        _requests.Enqueue(recorded);
        if (_responder is not null)
        {
            var response = await _responder(recorded, cancellationToken);
            response.RequestMessage = request;
            return response;
        }

        return await base.SendAsync(request, cancellationToken);
    }
}
