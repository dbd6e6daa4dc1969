using Xunit.Abstractions;

namespace MlOps.Sdk.Tests.BadInput;

/// <summary>The catalogue's tofu rows, each planned by terraform against the mock provider; terraform runs once for all of them.</summary>
public sealed class TofuVariableCatalogueTests(TofuPlanWorld world, ITestOutputHelper output) : IClassFixture<TofuPlanWorld>
{
    private const string ValidationDetail = "\n\nThis was checked by the validation rule at variables.tf:";

    [Theory]
    [MemberData(nameof(BadInputCatalogue.TofuCases), MemberType = typeof(BadInputCatalogue))]
    public void Plan_BadVariableValue_RefusedByItsValidationNamingTheVariableAndRuleNothingWritten(TofuVariableCase badValue)
    {
        var run = world.Of(badValue);

        Assert.Equal("error", run.Status);
        var error = Assert.Single(run.Errors);
        Assert.Equal("Invalid value for variable", error.Summary);
        Assert.Contains(badValue.Field, error.Traversals);
        Assert.StartsWith(badValue.Rule + ValidationDetail, error.Detail, StringComparison.Ordinal);
        Assert.Empty(world.StateFiles);
    }

    [Fact]
    public void Plan_BaseVariablesOnly_Passes()
    {
        output.WriteLine($"terraform: {BadInputCatalogue.TofuVariables.Count + 1} plans (the rows and this one) in {world.Elapsed.TotalSeconds:F0} s, with the copy and init");

        Assert.Equal("pass", world.Control.Status);
        Assert.Empty(world.Control.Errors);
    }
}
