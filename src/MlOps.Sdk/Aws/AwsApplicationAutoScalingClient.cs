using MlOps.Sdk.Scaling;

namespace MlOps.Sdk.Aws;

/// <summary>
/// Application Auto Scaling over AWS JSON 1.1 (<c>X-Amz-Target: AnyScaleFrontendService.&lt;Operation&gt;</c>), signed
/// with SigV4 and retried by the <c>MlOps.Aws.ApplicationAutoScaling</c> HTTP client.
/// </summary>
internal sealed class AwsApplicationAutoScalingClient : IApplicationAutoScalingClient
{
    private const string TargetPrefix = "AnyScaleFrontendService";

    private readonly AwsJsonProtocolClient _json;

    public AwsApplicationAutoScalingClient(IHttpClientFactory httpClientFactory, AwsEnvironment environment)
    {
        _json = new AwsJsonProtocolClient(httpClientFactory, environment, AwsService.ApplicationAutoScaling, TargetPrefix);
    }

    /// <inheritdoc />
    public Task<RegisterScalableTargetResponse> RegisterScalableTargetAsync(RegisterScalableTargetRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        return _json.InvokeAsync<RegisterScalableTargetResponse>("RegisterScalableTarget", AwsJsonProtocolClient.Serialize(request), request.ResourceId, cancellationToken);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<ScalableTarget> DescribeScalableTargetsAsync(DescribeScalableTargetsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        return _json.PaginateAsync<DescribeScalableTargetsResponse, ScalableTarget>("DescribeScalableTargets", AwsJsonProtocolClient.Serialize(request), "NextToken", page => page.ScalableTargets, page => page.NextToken, cancellationToken);
    }

    /// <inheritdoc />
    public Task DeregisterScalableTargetAsync(DeregisterScalableTargetRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        return _json.InvokeAsync("DeregisterScalableTarget", AwsJsonProtocolClient.Serialize(request), request.ResourceId, cancellationToken);
    }

    /// <inheritdoc />
    public Task<PutScalingPolicyResponse> PutScalingPolicyAsync(PutScalingPolicyRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        return _json.InvokeAsync<PutScalingPolicyResponse>("PutScalingPolicy", AwsJsonProtocolClient.Serialize(request), request.ResourceId, cancellationToken);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<ScalingPolicy> DescribeScalingPoliciesAsync(DescribeScalingPoliciesRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        return _json.PaginateAsync<DescribeScalingPoliciesResponse, ScalingPolicy>("DescribeScalingPolicies", AwsJsonProtocolClient.Serialize(request), "NextToken", page => page.ScalingPolicies, page => page.NextToken, cancellationToken);
    }

    /// <inheritdoc />
    public Task DeleteScalingPolicyAsync(DeleteScalingPolicyRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        return _json.InvokeAsync("DeleteScalingPolicy", AwsJsonProtocolClient.Serialize(request), request.ResourceId, cancellationToken);
    }
}
