namespace MlOps.Sdk.Scaling;

/// <summary>
/// Application Auto Scaling, as endpoint auto-scaling needs it: scalable targets (a SageMaker endpoint variant's
/// instance count) and target-tracking policies. Two adapters implement it: AWS (JSON 1.1 over HTTPS) and local mode
/// (the targets and policies kept in the local state, so pipelines behave the same; local endpoints do not scale).
/// </summary>
/// <remarks>
/// Every method validates its request (<c>request.Validate()</c>) before any call or side effect. Describe methods page
/// internally. Failures are <see cref="MlOpsException"/>s carrying AWS's error type, such as <c>ObjectNotFoundException</c>
/// or <c>ValidationException</c>.
/// </remarks>
public interface IApplicationAutoScalingClient
{
    /// <summary>Registers or updates a scalable target (<c>RegisterScalableTarget</c>).</summary>
    /// <param name="request">The target and its capacity range.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The target's ARN.</returns>
    Task<RegisterScalableTargetResponse> RegisterScalableTargetAsync(RegisterScalableTargetRequest request, CancellationToken cancellationToken = default);

    /// <summary>Lists scalable targets (<c>DescribeScalableTargets</c>), every page.</summary>
    /// <param name="request">The namespace, and optionally resource ids and dimension.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The matching targets.</returns>
    IAsyncEnumerable<ScalableTarget> DescribeScalableTargetsAsync(DescribeScalableTargetsRequest request, CancellationToken cancellationToken = default);

    /// <summary>Deregisters a scalable target and deletes its scaling policies (<c>DeregisterScalableTarget</c>).</summary>
    /// <param name="request">The target.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes once the target is gone.</returns>
    Task DeregisterScalableTargetAsync(DeregisterScalableTargetRequest request, CancellationToken cancellationToken = default);

    /// <summary>Creates or updates a scaling policy (<c>PutScalingPolicy</c>).</summary>
    /// <param name="request">The policy.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The policy's ARN and the alarms it created.</returns>
    Task<PutScalingPolicyResponse> PutScalingPolicyAsync(PutScalingPolicyRequest request, CancellationToken cancellationToken = default);

    /// <summary>Lists scaling policies (<c>DescribeScalingPolicies</c>), every page.</summary>
    /// <param name="request">The namespace, and optionally policy names, resource and dimension.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The matching policies.</returns>
    IAsyncEnumerable<ScalingPolicy> DescribeScalingPoliciesAsync(DescribeScalingPoliciesRequest request, CancellationToken cancellationToken = default);

    /// <summary>Deletes a scaling policy (<c>DeleteScalingPolicy</c>).</summary>
    /// <param name="request">The policy.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes once the policy is gone.</returns>
    Task DeleteScalingPolicyAsync(DeleteScalingPolicyRequest request, CancellationToken cancellationToken = default);
}
