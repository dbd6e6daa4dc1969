using System.Text;
using System.Text.RegularExpressions;
using MlOps.Sdk.Tests.Fixtures;
using Xunit.Abstractions;

namespace MlOps.Sdk.Tests.BadInput;

public sealed partial class BadInputCatalogueTests(ITestOutputHelper output)
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
        output.WriteLine($"bad-input catalogue: {BadInputCatalogue.Rows.Count} cases ({string.Join(", ", Counts().Select(c => $"{c.Category}: {c.Count}"))})");

        var path = RepositoryRoot.Combine("docs", "bad-input.md");
        var expected = Render();
        if (Environment.GetEnvironmentVariable("MLOPS_REGENERATE_DOCS") == "1")
        {
            File.WriteAllText(path, expected);
        }

        Assert.True(File.Exists(path) && File.ReadAllText(path) == expected, "docs/bad-input.md differs from the catalogue; regenerate it: MLOPS_REGENERATE_DOCS=1 dotnet test tests/MlOps.Sdk.Tests -c Release --filter FullyQualifiedName~BadInputCatalogueTests");
    }

    [Fact]
    public void TofuRows_Rules_AreTheValidationsOfTofuVariablesTf()
    {
        var text = File.ReadAllText(RepositoryRoot.Combine("tofu", "variables.tf"));
        var validations = VariableBlock().Matches(text)
            .SelectMany(block => ErrorMessage().Matches(block.Groups["body"].Value)
                .Select(message => $"{block.Groups["name"].Value}: {Regex.Unescape(message.Groups["text"].Value)}"))
            .ToHashSet();

        var rules = BadInputCatalogue.TofuVariables.Select(row => $"{row.Variable}: {row.Rule}").ToHashSet();

        Assert.NotEmpty(validations);
        Assert.Equal(validations.Order(StringComparer.Ordinal), rules.Order(StringComparer.Ordinal));
    }

    private static IEnumerable<(string Category, int Count)> Counts() =>
        BadInputCatalogue.Rows.GroupBy(c => c.Category).Select(g => (g.Key, g.Count()));

    private static string Render()
    {
        var text = new StringBuilder();
        text.Append("# What the SDK and tofu/ refuse\n\n");
        text.Append("Generated from `tests/MlOps.Sdk.Tests/BadInput/BadInputCatalogue.cs` (regenerate: `MLOPS_REGENERATE_DOCS=1 dotnet test\n");
        text.Append("tests/MlOps.Sdk.Tests -c Release --filter FullyQualifiedName~BadInputCatalogueTests`). Each SDK case is refused with an\n");
        text.Append("`MlOpsValidationException` naming the field, before any request is sent and with nothing written. Each tofu variable\n");
        text.Append("case is refused by that variable's validation block when terraform plans `tofu/` with the one bad value, against the\n");
        text.Append("mock AWS provider and with no state written (`TofuVariableCatalogueTests`, through `tofu/test.sh json-tests`): the\n");
        text.Append("error names `var.<name>` and the rule, the validation's `error_message`.\n\n");
        text.Append($"{BadInputCatalogue.Rows.Count} cases: ");
        text.Append(string.Join(", ", Counts().Select(c => $"{c.Category} {c.Count}"))).Append(".\n\n");
        text.Append("| Category | Input | Field named |\n| --- | --- | --- |\n");
        foreach (var c in BadInputCatalogue.All)
        {
            text.Append($"| {c.Category} | {c.Input} | `{c.Field}` |\n");
        }

        text.Append($"\n## {TofuVariableCase.CategoryName}\n\n");
        text.Append("| Variable | Bad value | What is wrong | Rule |\n| --- | --- | --- | --- |\n");
        foreach (var c in BadInputCatalogue.TofuVariables)
        {
            text.Append($"| `{c.Field}` | `{Cell(c.Value)}` | {Cell(c.Input)} | {Cell(c.Rule)} |\n");
        }

        return text.ToString();
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);

    /// <summary>A variable block of a file terraform fmt formats: from its header to the closing brace at the start of a line.</summary>
    [GeneratedRegex("""^variable "(?<name>[a-z0-9_]+)" \{\n(?<body>.*?)^\}""", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex VariableBlock();

    [GeneratedRegex(@"error_message\s*=\s*""(?<text>(?:[^""\\]|\\.)*)""")]
    private static partial Regex ErrorMessage();
}
