using Amazon.Runtime;
using Amazon.Runtime.Signing;

namespace MlOps.Sdk.Aws;

/// <summary>
/// Signs each request with SigV4 through AWSSDK.Core's public <see cref="SigV4SigningHandler"/>.
/// </summary>
/// <remarks>
/// <see cref="SigV4SigningHandler"/> always owns an inner handler, which <c>IHttpClientFactory</c> refuses in its
/// pipeline. This wrapper sits in the pipeline instead and gives the signer a terminal handler that continues down
/// this wrapper's own chain, so the factory still manages the transport. Credentials and region are resolved at the
/// first request, not at registration.
/// </remarks>
internal sealed class AwsSigningHandler : DelegatingHandler
{
    private readonly Lazy<HttpMessageInvoker> _signer;

    public AwsSigningHandler(AwsEnvironment environment, AwsService service)
    {
        _signer = new Lazy<HttpMessageInvoker>(() => new HttpMessageInvoker(
            new SigV4SigningHandler(environment.Credentials, environment.Region, service.SigningName, new ContinueHandler(this)),
            disposeHandler: true));
    }

    internal AwsSigningHandler(AWSSigV4Parameters parameters)
    {
        _signer = new Lazy<HttpMessageInvoker>(() => new HttpMessageInvoker(new SigV4SigningHandler(parameters, new ContinueHandler(this)), disposeHandler: true));
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await _signer.Value.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonClientException ex)
        {
            // Only the signer throws AWSSDK's exceptions here (the transport below throws HttpRequestException): the
            // credentials could not be obtained.
            throw AwsSignInFailure.From(ex);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && _signer.IsValueCreated)
        {
            _signer.Value.Dispose();
        }

        base.Dispose(disposing);
    }

    private Task<HttpResponseMessage> ContinueAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        base.SendAsync(request, cancellationToken);

    private sealed class ContinueHandler(AwsSigningHandler owner) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            owner.ContinueAsync(request, cancellationToken);
    }
}
