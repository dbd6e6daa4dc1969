using MlOps.Sdk.SageMaker;

namespace MlOps.Sdk.Aws;

/// <summary>
/// The SageMaker control plane over AWS JSON 1.1 (<c>X-Amz-Target: SageMaker.&lt;Operation&gt;</c>), signed with SigV4 and
/// retried by the <c>MlOps.Aws.SageMaker</c> HTTP client.
/// </summary>
/// <remarks>
/// <see cref="SageMakerClientBase"/> validates every request first, so bad input never reaches the network; the
/// operations are generated from the API model (<c>AwsSageMakerClient.g.cs</c>) except those written here. Lists page with <c>NextToken</c>
/// behind <see cref="IAsyncEnumerable{T}"/>. Service errors become <see cref="MlOpsException"/>s carrying AWS's error type.
/// </remarks>
internal sealed partial class AwsSageMakerClient : SageMakerClientBase
{
    private const string TargetPrefix = "SageMaker";

    private readonly AwsJsonProtocolClient _json;

    public AwsSageMakerClient(IHttpClientFactory httpClientFactory, AwsEnvironment environment)
    {
        _json = new AwsJsonProtocolClient(httpClientFactory, environment, AwsService.SageMaker, TargetPrefix);
    }

    /// <inheritdoc />
    protected override async Task<UpdateEndpointResponse> UpdateEndpointCoreAsync(UpdateEndpointRequest request, CancellationToken cancellationToken)
    {
        if (request.NeedsEndpointConfig())
        {
            // A canary or linear step in instances is bounded by the new config's instance count: read it first.
            var config = await DescribeEndpointConfigAsync(new DescribeEndpointConfigRequest { EndpointConfigName = request.EndpointConfigName }, cancellationToken).ConfigureAwait(false);
            request.ValidateAgainstConfig(config);
        }

        return await _json.InvokeAsync<UpdateEndpointResponse>("UpdateEndpoint", AwsJsonProtocolClient.Serialize(request), request.EndpointName, cancellationToken).ConfigureAwait(false);
    }
}
