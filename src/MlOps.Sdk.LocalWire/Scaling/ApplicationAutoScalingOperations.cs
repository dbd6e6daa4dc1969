using MlOps.Sdk.LocalWire.Protocol;

namespace MlOps.Sdk.LocalWire.Scaling;

/// <summary>
/// Application Auto Scaling (<c>X-Amz-Target: AnyScaleFrontendService.&lt;Operation&gt;</c>): every operation of the
/// <see cref="MlOps.Sdk.Scaling.IApplicationAutoScalingClient"/> port, over the local adapter's state.
/// </summary>
internal static partial class ApplicationAutoScalingOperations
{
    /// <summary>The service's <c>X-Amz-Target</c> prefix.</summary>
    public const string TargetPrefix = "AnyScaleFrontendService";

    // MaxResults 1..50, 50 when not given; a bad token is InvalidNextTokenException (Application Auto Scaling API reference).
    private static readonly ListPaging Paging = new("NextToken", "MaxResults", 50, 50, "InvalidNextTokenException");
}
