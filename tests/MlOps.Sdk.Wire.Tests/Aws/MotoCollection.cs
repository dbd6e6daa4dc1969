namespace MlOps.Sdk.Tests.Fixtures;

/// <summary>Tests that share one moto server (they reset it, so they do not run in parallel with each other).</summary>
[CollectionDefinition(Name)]
public sealed class MotoCollection : ICollectionFixture<MotoServerFixture>
{
    public const string Name = "moto";
}
