using MlOps.Sdk.LocalWire.Protocol;
using MlOps.Sdk.Scaling;

namespace MlOps.Sdk.LocalWire.Scaling;

/// <summary>
/// Application Auto Scaling (<c>X-Amz-Target: AnyScaleFrontendService.&lt;Operation&gt;</c>): every operation of the
/// <see cref="IApplicationAutoScalingClient"/> port, over the local adapter's state.
/// </summary>
internal static class ApplicationAutoScalingOperations
{
    /// <summary>The service's <c>X-Amz-Target</c> prefix.</summary>
    public const string TargetPrefix = "AnyScaleFrontendService";

    // MaxResults 1..50, 50 when not given; a bad token is InvalidNextTokenException (Application Auto Scaling API reference).
    private static readonly ListPaging Paging = new("NextToken", "MaxResults", 50, 50, "InvalidNextTokenException");

    /// <summary>Binds the operations to a client.</summary>
    /// <param name="client">The local Application Auto Scaling adapter.</param>
    /// <returns>The table.</returns>
    public static JsonOperationTable Create(IApplicationAutoScalingClient client) =>
        new JsonOperationTable(TargetPrefix, "ValidationException")
            .Operation<RegisterScalableTargetRequest, RegisterScalableTargetResponse>("RegisterScalableTarget", client.RegisterScalableTargetAsync)
            .Listing<DescribeScalableTargetsRequest, ScalableTarget>("DescribeScalableTargets", Paging, client.DescribeScalableTargetsAsync, (items, next) => new DescribeScalableTargetsResponse { ScalableTargets = items, NextToken = next })
            .Command<DeregisterScalableTargetRequest>("DeregisterScalableTarget", client.DeregisterScalableTargetAsync)
            .Operation<PutScalingPolicyRequest, PutScalingPolicyResponse>("PutScalingPolicy", client.PutScalingPolicyAsync)
            .Listing<DescribeScalingPoliciesRequest, ScalingPolicy>("DescribeScalingPolicies", Paging, client.DescribeScalingPoliciesAsync, (items, next) => new DescribeScalingPoliciesResponse { ScalingPolicies = items, NextToken = next })
            .Command<DeleteScalingPolicyRequest>("DeleteScalingPolicy", client.DeleteScalingPolicyAsync);
}
