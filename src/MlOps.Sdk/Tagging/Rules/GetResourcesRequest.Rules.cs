namespace MlOps.Sdk.Tagging;

/// <summary>Rules of <c>GetResources</c> that the Resource Groups Tagging API documents but its API model does not carry.</summary>
public sealed partial record GetResourcesRequest
{
    /// <summary>The largest page AWS serves ("a minimum of 1 and a maximum value of 100").</summary>
    public const int MaxResourcesPerPage = 100;

    /// <summary>The most resource types one request may name ("The array can include up to 100 items").</summary>
    public const int MaxResourceTypeFilters = 100;

    partial void ValidateRules(string path)
    {
        if (ResourcesPerPage is { } perPage && (perPage < 1 || perPage > MaxResourcesPerPage))
        {
            throw new MlOpsValidationException($"{path}.ResourcesPerPage", $"must be 1 to {MaxResourcesPerPage} (got {perPage})");
        }

        if (ResourceTypeFilters is { Count: > MaxResourceTypeFilters } types)
        {
            throw new MlOpsValidationException($"{path}.ResourceTypeFilters", $"must have at most {MaxResourceTypeFilters} items (it has {types.Count})");
        }
    }
}
