namespace MlOps.Pipeline.Tests.Sample;

[Collection(SamplePipelineCollection.Name)]
public sealed class SampleSyncTests : IDisposable
{
    private readonly string _output = Directory.CreateTempSubdirectory("mlops-sample-sync-").FullName;

    public void Dispose() => Directory.Delete(_output, recursive: true);

    [Fact]
    public async Task GenerateSh_FromTemplates_MatchesCommittedSamples()
    {
        var result = await ChildProcess.RunAsync("bash", [Path.Combine(RepositoryPaths.Samples, "generate.sh"), _output], RepositoryPaths.Root);
        Assert.True(result.ExitCode == 0, result.Output);

        foreach (var project in new[] { "breast-cancer-training", "breast-cancer-endpoint" })
        {
            var expected = Files(Path.Combine(_output, project));
            var actual = Files(Path.Combine(RepositoryPaths.Samples, project));
            Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
            foreach (var (path, content) in expected)
            {
                Assert.True(content == actual[path], $"samples/{project}/{path} differs from what the templates generate: run bash samples/generate.sh");
            }
        }
    }

    private static Dictionary<string, string> Files(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Where(f => !f.Split('/').Any(part => part is "bin" or "obj" or ".mlops" or ".gitlab-ci-local" or "TestResults") && f is not "mlops.env" and not "ci/nuget.config")
            .ToDictionary(f => f, f => File.ReadAllText(Path.Combine(root, f)), StringComparer.Ordinal);
}
