namespace MlOps.Pipeline.Tests.Sample;

/// <summary>
/// Tests that run the sample's pipeline share its local feed, package folder and published apps, so they run one at a time.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SamplePipelineCollection
{
    public const string Name = "sample pipeline";
}
