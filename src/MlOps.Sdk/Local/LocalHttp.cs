using System.Net.Http;

namespace MlOps.Sdk.Local;

/// <summary>The HTTP client local mode talks to its model servers with: loopback only, never through a proxy.</summary>
internal static class LocalHttp
{
    internal static HttpClient CreateClient() => new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        ConnectTimeout = TimeSpan.FromSeconds(2),
        PooledConnectionLifetime = TimeSpan.FromMinutes(1),

        // Kept-alive connections to a model server close after a second without use: a retired or deleted fleet's
        // server (Python's http.server among them) may wait for its open connections before it exits.
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(1),
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };
}
