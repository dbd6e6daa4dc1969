namespace MlOps.Sdk.Tests.Packaging;

/// <summary>Tests that measure process-wide counters (allocated bytes) run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NonParallelCollection
{
    public const string Name = "Non-parallel";
}
