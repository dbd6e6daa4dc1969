using MlOps.Sdk.Scaling;

namespace MlOps.Sdk.Aws;

/// <summary>
/// Application Auto Scaling over AWS JSON 1.1 (<c>X-Amz-Target: AnyScaleFrontendService.&lt;Operation&gt;</c>), signed
/// with SigV4 and retried by the <c>MlOps.Aws.ApplicationAutoScaling</c> HTTP client.
/// </summary>
internal sealed partial class AwsApplicationAutoScalingClient : ApplicationAutoScalingClientBase
{
    private const string TargetPrefix = "AnyScaleFrontendService";

    private readonly AwsJsonProtocolClient _json;

    public AwsApplicationAutoScalingClient(IHttpClientFactory httpClientFactory, AwsEnvironment environment)
    {
        _json = new AwsJsonProtocolClient(httpClientFactory, environment, AwsService.ApplicationAutoScaling, TargetPrefix);
    }
}
