using MlOps.Sdk.Tagging;

namespace MlOps.Sdk.Aws;

/// <summary>
/// The Resource Groups Tagging API over AWS JSON 1.1 (<c>X-Amz-Target: ResourceGroupsTaggingAPI_20170126.&lt;Operation&gt;</c>),
/// signed with SigV4 and retried (throttling included) by the <c>MlOps.Aws.ResourceGroupsTagging</c> HTTP client.
/// </summary>
internal sealed partial class AwsResourceTaggingClient : ResourceTaggingClientBase
{
    private const string TargetPrefix = "ResourceGroupsTaggingAPI_20170126";

    private readonly AwsJsonProtocolClient _json;

    public AwsResourceTaggingClient(IHttpClientFactory httpClientFactory, AwsEnvironment environment)
    {
        _json = new AwsJsonProtocolClient(httpClientFactory, environment, AwsService.ResourceGroupsTagging, TargetPrefix);
    }
}
