using MlOps.Sdk.LocalWire.Protocol;

namespace MlOps.Sdk.LocalWire.Tagging;

/// <summary>
/// The Resource Groups Tagging API's <c>GetResources</c> (<c>X-Amz-Target: ResourceGroupsTaggingAPI_20170126.GetResources</c>),
/// which the cleanup layer searches tags with, over the local adapter.
/// </summary>
internal static partial class ResourceTaggingOperations
{
    /// <summary>The service's <c>X-Amz-Target</c> prefix.</summary>
    public const string TargetPrefix = "ResourceGroupsTaggingAPI_20170126";

    // ResourcesPerPage 1..100, 50 when not given; a bad PaginationToken is an InvalidParameterException.
    private static readonly ListPaging Paging = new("PaginationToken", "ResourcesPerPage", 50, 100, "InvalidParameterException");
}
