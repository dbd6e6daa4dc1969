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
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };
}
