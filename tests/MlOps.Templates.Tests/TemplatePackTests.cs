using System.IO.Compression;

namespace MlOps.Templates.Tests;

[Collection(TemplatePackCollection.Name)]
public sealed class TemplatePackTests
{
    private readonly TemplatePackFixture _pack;

    public TemplatePackTests(TemplatePackFixture pack)
    {
        _pack = pack;
    }

    [Theory]
    [InlineData("mlops-training", ".gitignore")]
    [InlineData("mlops-training", ".dockerignore")]
    [InlineData("mlops-training", ".template.config/template.json")]
    [InlineData("mlops-endpoint", ".gitignore")]
    [InlineData("mlops-endpoint", ".dockerignore")]
    [InlineData("mlops-endpoint", ".template.config/template.json")]
    public void Package_DotFiles_AreKept(string template, string file)
    {
        using var package = ZipFile.OpenRead(_pack.PackagePath);

        Assert.Contains(package.Entries, entry => entry.FullName.EndsWith($"{template}/{file}", StringComparison.Ordinal));
    }

    [Fact]
    public void Package_BuildOutputOfContent_IsLeftOut()
    {
        using var package = ZipFile.OpenRead(_pack.PackagePath);

        Assert.DoesNotContain(package.Entries, entry => entry.FullName.Contains("/bin/", StringComparison.Ordinal)
            || entry.FullName.Contains("/obj/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task List_IsolatedCliHome_ShowsBothShortNames()
    {
        var result = (await CommandRunner.RunAsync("dotnet", ["new", "list", "mlops"], _pack.WorkDirectory, _pack.IsolatedCli)).EnsureSuccess();

        Assert.Contains("mlops-training", result.Output, StringComparison.Ordinal);
        Assert.Contains("mlops-endpoint", result.Output, StringComparison.Ordinal);
    }
}
