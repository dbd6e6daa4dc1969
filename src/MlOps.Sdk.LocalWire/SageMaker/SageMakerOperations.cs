using MlOps.Sdk.LocalWire.Protocol;

namespace MlOps.Sdk.LocalWire.SageMaker;

/// <summary>
/// The SageMaker control plane (<c>X-Amz-Target: SageMaker.&lt;Operation&gt;</c>): every operation of the
/// <see cref="MlOps.Sdk.SageMaker.ISageMakerClient"/> port, each answered by the port's local adapter, so the server, the SDK in local mode
/// and any other process on the machine share one state.
/// </summary>
internal static partial class SageMakerOperations
{
    /// <summary>The service's <c>X-Amz-Target</c> prefix.</summary>
    public const string TargetPrefix = "SageMaker";

    // SageMaker's listings: MaxResults 1..100, 10 when not given (the API reference of each List operation).
    private static readonly ListPaging Paging = new("NextToken", "MaxResults", 10, 100, "ValidationException");

    // ListTags pages by 50 when not given (ListTagsMaxResults is 50..100).
    private static readonly ListPaging TagPaging = new("NextToken", "MaxResults", 50, 100, "ValidationException");
}
