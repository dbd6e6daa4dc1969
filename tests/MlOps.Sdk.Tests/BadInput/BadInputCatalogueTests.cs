using System.Text;
using MlOps.Sdk.Tests.Fixtures;
using Xunit.Abstractions;

namespace MlOps.Sdk.Tests.BadInput;

public sealed class BadInputCatalogueTests(ITestOutputHelper output)
{
    [Theory]
    [MemberData(nameof(BadInputCatalogue.Cases), MemberType = typeof(BadInputCatalogue))]
    public async Task Submit_BadInput_TypedErrorNamingTheFieldNoRequestNothingWritten(BadInputCase badInput)
    {
        using var world = new BadInputWorld();

        var error = await Assert.ThrowsAsync<MlOpsValidationException>(() => badInput.Submit(world));

        Assert.StartsWith(badInput.Field, error.FieldName, StringComparison.Ordinal);
        Assert.Empty(world.SageMaker.Calls);
        Assert.Equal(0, world.Runtime.Invocations);
        Assert.Empty(Directory.EnumerateFileSystemEntries(world.Folder));
    }

    [Fact]
    public void Catalogue_CountPerCategory_IsPrintedAndDocumented()
    {
        var counts = BadInputCatalogue.All.GroupBy(c => c.Category).Select(g => $"{g.Key}: {g.Count()}");
        output.WriteLine($"bad-input catalogue: {BadInputCatalogue.All.Count} cases ({string.Join(", ", counts)})");

        var path = RepositoryRoot.Combine("docs", "bad-input.md");
        var expected = Render();
        if (Environment.GetEnvironmentVariable("MLOPS_REGENERATE_DOCS") == "1")
        {
            File.WriteAllText(path, expected);
        }

        Assert.True(File.Exists(path) && File.ReadAllText(path) == expected, "docs/bad-input.md differs from the catalogue; regenerate it: MLOPS_REGENERATE_DOCS=1 dotnet test tests/MlOps.Sdk.Tests -c Release --filter FullyQualifiedName~BadInputCatalogueTests");
    }

    private static string Render()
    {
        var text = new StringBuilder();
        text.Append("# What the SDK refuses\n\n");
        text.Append("Generated from `tests/MlOps.Sdk.Tests/BadInput/BadInputCatalogue.cs` (regenerate: `MLOPS_REGENERATE_DOCS=1 dotnet test\n");
        text.Append("tests/MlOps.Sdk.Tests -c Release --filter FullyQualifiedName~BadInputCatalogueTests`). Each case is refused with an\n");
        text.Append("`MlOpsValidationException` naming the field, before any request is sent and with nothing written.\n\n");
        text.Append($"{BadInputCatalogue.All.Count} cases: ");
        text.Append(string.Join(", ", BadInputCatalogue.All.GroupBy(c => c.Category).Select(g => $"{g.Key} {g.Count()}"))).Append(".\n\n");
        text.Append("| Category | Input | Field named |\n| --- | --- | --- |\n");
        foreach (var c in BadInputCatalogue.All)
        {
            text.Append($"| {c.Category} | {c.Input} | `{c.Field}` |\n");
        }

        return text.ToString();
    }
}
