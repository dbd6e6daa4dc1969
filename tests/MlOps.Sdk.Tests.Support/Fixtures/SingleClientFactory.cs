namespace MlOps.Sdk.Tests.Fixtures;

/// <summary>An <see cref="IHttpClientFactory"/> that hands out clients over one fixed handler chain.</summary>
public sealed class SingleClientFactory(HttpMessageHandler handler) : IHttpClientFactory
{
    public HttpClient CreateClient(string name) => new(handler, disposeHandler: false);
}
