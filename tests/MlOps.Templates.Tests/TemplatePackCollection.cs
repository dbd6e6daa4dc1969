namespace MlOps.Templates.Tests;

/// <summary>All template tests share one packed and installed template pack, and run one after another (2-core CI).</summary>
[CollectionDefinition(Name)]
public sealed class TemplatePackCollection : ICollectionFixture<TemplatePackFixture>
{
    public const string Name = "template pack";
}
