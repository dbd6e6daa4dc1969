using MlOps.Sdk.Tests.Fixtures;
using Xunit;

namespace MlOps.Sdk.Tests.Layers;

public sealed class LayerDependencyTests
{
    [Fact]
    public void Read_SdkSources_LayersFormNoCycle()
    {
        var graph = LayerGraph.Read(RepositoryRoot.Combine("src", "MlOps.Sdk"));

        var cycle = graph.FindCycle();

        Assert.True(cycle is null, $"the layers of src/MlOps.Sdk use each other in a cycle: {string.Join(" -> ", cycle ?? [])}");
    }

    [Fact]
    public void Read_SdkSources_EndpointsDoesNotUseCleanup()
    {
        var graph = LayerGraph.Read(RepositoryRoot.Combine("src", "MlOps.Sdk"));

        Assert.DoesNotContain("Cleanup", graph.Uses["Endpoints"]);
        Assert.Contains("Endpoints", graph.Uses["Cleanup"]);
    }

    [Fact]
    public void FindCycle_TwoLayersUsingEachOther_NamesTheCycle()
    {
        var graph = new LayerGraph(new Dictionary<string, IReadOnlySet<string>>
        {
            ["A"] = new HashSet<string> { "B" },
            ["B"] = new HashSet<string> { "C" },
            ["C"] = new HashSet<string> { "B" },
        });

        Assert.Equal(["B", "C", "B"], graph.FindCycle());
    }

    [Fact]
    public void FindCycle_Dag_IsNull()
    {
        var graph = new LayerGraph(new Dictionary<string, IReadOnlySet<string>>
        {
            ["A"] = new HashSet<string> { "B", "C" },
            ["B"] = new HashSet<string> { "C" },
            ["C"] = new HashSet<string>(),
        });

        Assert.Null(graph.FindCycle());
    }
}
