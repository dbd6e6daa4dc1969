using MlOps.Sdk.Tagging;

namespace MlOps.Sdk.Aws;

/// <summary>
/// The Resource Groups Tagging API over AWS JSON 1.1 (<c>X-Amz-Target: ResourceGroupsTaggingAPI_20170126.&lt;Operation&gt;</c>),
/// signed with SigV4 and retried (throttling included) by the <c>MlOps.Aws.ResourceGroupsTagging</c> HTTP client.
/// </summary>
internal sealed class AwsResourceTaggingClient : IResourceTaggingClient
{
    private const string TargetPrefix = "ResourceGroupsTaggingAPI_20170126";

    private readonly AwsJsonProtocolClient _json;

    public AwsResourceTaggingClient(IHttpClientFactory httpClientFactory, AwsEnvironment environment)
    {
        _json = new AwsJsonProtocolClient(httpClientFactory, environment, AwsService.ResourceGroupsTagging, TargetPrefix);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<ResourceTagMapping> GetResourcesAsync(GetResourcesRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        return _json.PaginateAsync<GetResourcesResponse, ResourceTagMapping>("GetResources", AwsJsonProtocolClient.Serialize(request), "PaginationToken", page => page.ResourceTagMappingList, page => page.PaginationToken, cancellationToken);
    }
}
