namespace MlOps.Sdk.Tagging;

/// <summary>Rules of <c>TagFilter</c> that the Resource Groups Tagging API documents but its API model does not carry.</summary>
public sealed partial record TagFilter
{
    partial void ValidateRules(string path)
    {
        // "Each TagFilter must contain a key with values optional."
        if (Key is null)
        {
            throw new MlOpsValidationException($"{path}.Key", "is required");
        }
    }
}
