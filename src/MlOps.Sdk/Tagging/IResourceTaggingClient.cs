namespace MlOps.Sdk.Tagging;

/// <summary>
/// The Resource Groups Tagging API, as cleanup needs it: every resource that carries given tags, across resource types,
/// in pages of up to 100 rather than one <c>ListTags</c> call per resource. Two adapters implement it: AWS (JSON 1.1 over
/// HTTPS) and local mode (the tags kept in the local state).
/// </summary>
/// <remarks>
/// Every method validates its request (<c>request.Validate()</c>) before any call. Lists page internally: callers never see
/// a <c>PaginationToken</c>. AWS documents the results as eventually consistent: a resource tagged a moment ago may be
/// missing, which makes cleanup keep it, never delete it. Failures are <see cref="MlOpsException"/>s carrying AWS's error
/// type, such as <c>InvalidParameterException</c> or <c>ThrottledException</c>.
/// </remarks>
public interface IResourceTaggingClient
{
    /// <summary>Lists the resources whose tags match every filter (<c>GetResources</c>), every page.</summary>
    /// <param name="request">Tag filters, resource types and page size.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>Each matching resource's ARN and tags.</returns>
    IAsyncEnumerable<ResourceTagMapping> GetResourcesAsync(GetResourcesRequest request, CancellationToken cancellationToken = default);
}
