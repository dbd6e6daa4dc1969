namespace MlOps.Pipeline.Tests.Sample;

/// <summary>
/// `bash ci/stage.sh --build-all` on a .mlops/stages folder GitLab's cache brought back: it builds nothing only when the
/// folder was built from the very same scripts, manifest, build files, packages and .NET SDK, and only the changed
/// scripts when nothing they share changed. Each test copies one built project (the sample endpoint's stage.sh,
/// deploy.cs and stop-candidate.cs, built once by the fixture) and changes one input.
/// </summary>
[Collection(SamplePipelineCollection.Name)]
public sealed class StageBuildCacheTests(StageBuildCacheTests.BuiltProject built) : IClassFixture<StageBuildCacheTests.BuiltProject>
{
    private const string NothingToBuild = "nothing to build";

    [Fact]
    public async Task BuildAll_NothingChanged_BuildsNothing()
    {
        var project = built.Copy();
        var dll = Path.Combine(project, ".mlops", "stages", "deploy.dll");
        var builtAt = File.GetLastWriteTimeUtc(dll);

        var result = await built.BuildAllAsync(project);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains(NothingToBuild, result.Output, StringComparison.Ordinal);
        Assert.Equal(builtAt, File.GetLastWriteTimeUtc(dll));
    }

    [Theory]
    [InlineData("ci/deploy.cs", "// one more line\n")]
    [InlineData("manifest.json", "\n")]
    [InlineData("Directory.Build.props", "<!-- one more line -->\n")]
    [InlineData("ci/stage.sh", "# one more line\n")]
    public async Task BuildAll_AnInputChanged_BuildsAgain(string file, string appended)
    {
        var project = built.Copy();
        await File.AppendAllTextAsync(Path.Combine(project, file), appended);

        var result = await built.BuildAllAsync(project);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.DoesNotContain(NothingToBuild, result.Output, StringComparison.Ordinal);
        Assert.Contains("stage.sh: built ci/deploy.cs", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BuildAll_OneScriptChanged_BuildsOnlyThatScript()
    {
        var project = built.Copy();
        var untouched = Path.Combine(project, ".mlops", "stages", "stop-candidate.dll");
        var builtAt = File.GetLastWriteTimeUtc(untouched);
        await File.AppendAllTextAsync(Path.Combine(project, "ci", "deploy.cs"), "// one more line\n");

        var result = await built.BuildAllAsync(project);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("stage.sh: built ci/deploy.cs", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("stage.sh: built ci/stop-candidate.cs", result.Output, StringComparison.Ordinal);
        Assert.Equal(builtAt, File.GetLastWriteTimeUtc(untouched));
    }

    [Fact]
    public async Task Stage_UnchangedScriptAfterAnotherWasBuiltAlone_RunsFromTheBuild()
    {
        var project = built.Copy();
        await File.AppendAllTextAsync(Path.Combine(project, "ci", "deploy.cs"), "// one more line\n");
        Assert.Equal(0, (await built.BuildAllAsync(project)).ExitCode);

        var result = await ChildProcess.RunAsync("bash", ["ci/stage.sh", "stop-candidate", "--help"], project, built.Environment(built.Packages));

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.DoesNotContain("no current build", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BuildAll_DirectiveChanged_BuildsEveryScript()
    {
        var project = built.Copy();
        var script = Path.Combine(project, "ci", "deploy.cs");
        await File.WriteAllTextAsync(script, "#:property InvariantGlobalization=true\n" + await File.ReadAllTextAsync(script));

        var result = await built.BuildAllAsync(project);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("stage.sh: built ci/stop-candidate.cs", result.Output, StringComparison.Ordinal);
        Assert.Contains("stage.sh: built ci/deploy.cs", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BuildAll_ScriptRemoved_RemovesItsBuild()
    {
        var project = built.Copy();
        File.Delete(Path.Combine(project, "ci", "stop-candidate.cs"));

        var result = await built.BuildAllAsync(project);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.False(File.Exists(Path.Combine(project, ".mlops", "stages", "stop-candidate.dll")));
        Assert.DoesNotContain("stage.sh: built ci/deploy.cs", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BuildAll_ScriptAdded_BuildsAgain()
    {
        var project = built.Copy();
        File.Copy(Path.Combine(project, "ci", "deploy.cs"), Path.Combine(project, "ci", "test.cs"));

        var result = await built.BuildAllAsync(project);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("stage.sh: built ci/test.cs", result.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(project, ".mlops", "stages", "test.dll")));
    }

    [Fact]
    public async Task BuildAll_SdkVersionPinChanged_NeverUsesTheCachedBuild()
    {
        var project = built.Copy();
        var script = Path.Combine(project, "ci", "deploy.cs");
        var text = await File.ReadAllTextAsync(script);
        Assert.Contains("#:package MlOps.Sdk.Stages@0.1.0", text, StringComparison.Ordinal);
        await File.WriteAllTextAsync(script, text.Replace("MlOps.Sdk.Stages@0.1.0", "MlOps.Sdk.Stages@0.1.1", StringComparison.Ordinal));

        var result = await built.BuildAllAsync(project);

        // The feed has no 0.1.1, so the build it attempts fails: what matters is that it was attempted.
        Assert.NotEqual(0, result.ExitCode);
        Assert.DoesNotContain(NothingToBuild, result.Output, StringComparison.Ordinal);
        Assert.Contains("stage.sh: building ci/deploy.cs failed", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BuildAll_PackageRepublishedUnderTheSameVersion_BuildsAgain()
    {
        var project = built.Copy();
        // NuGet's packages folder as hard links (cheap), with MlOps.Sdk.Stages 0.1.0 as if the feed had been re-packed:
        // another content hash. The metadata file is replaced, never written through its link.
        var packages = built.LinkedPackagesFolder();
        var metadata = Path.Combine(packages, "mlops.sdk.stages", "0.1.0", ".nupkg.metadata");
        var text = await File.ReadAllTextAsync(metadata);
        File.Delete(metadata);
        await File.WriteAllTextAsync(metadata, System.Text.RegularExpressions.Regex.Replace(text, "\"contentHash\": \"[^\"]*\"", "\"contentHash\": \"cmVwYWNrZWQ=\""));

        var result = await built.BuildAllAsync(project, packages);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.DoesNotContain(NothingToBuild, result.Output, StringComparison.Ordinal);
        Assert.Contains("stage.sh: built ci/deploy.cs", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stage_BuildFileChangedAfterTheBuild_IsNotRunFromTheBuild()
    {
        var project = built.Copy();
        await File.AppendAllTextAsync(Path.Combine(project, "Directory.Build.props"), "<!-- one more line -->\n");

        var result = await ChildProcess.RunAsync("bash", ["ci/stage.sh", "deploy", "--help"], project, built.Environment(built.Packages));

        Assert.Contains("stage.sh: no current build of ci/deploy.cs", result.Output, StringComparison.Ordinal);
    }

    /// <summary>A copy of the sample endpoint's stage.sh, deploy.cs and stop-candidate.cs (with its manifest and build files), built once.</summary>
    public sealed class BuiltProject : IAsyncLifetime
    {
        private readonly string _folder = Directory.CreateTempSubdirectory("mlops-stage-cache-").FullName;
        private readonly List<string> _linkedFolders = [];
        private int _copies;

        public string Packages => Path.Combine(RepositoryPaths.Samples, ".mlops", "nuget-packages");

        private string Built => Path.Combine(_folder, "built");

        public async Task InitializeAsync()
        {
            var pack = await ChildProcess.RunAsync("bash", [Path.Combine(RepositoryPaths.Samples, "pack-sdk.sh")], RepositoryPaths.Root);
            Assert.True(pack.ExitCode == 0, pack.Output);
            var sample = Path.Combine(RepositoryPaths.Samples, "breast-cancer-endpoint");
            Directory.CreateDirectory(Path.Combine(Built, "ci"));
            foreach (var file in new[] { "ci/stage.sh", "ci/deploy.cs", "ci/stop-candidate.cs", "manifest.json", "Directory.Build.props" })
            {
                File.Copy(Path.Combine(sample, file), Path.Combine(Built, file));
            }

            // What the jobs' before_script writes: MlOps.* from the sample's feed, everything else from nuget.org.
            var feed = Path.Combine(RepositoryPaths.Samples, ".mlops", "feed");
            await File.WriteAllTextAsync(Path.Combine(Built, "ci", "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <clear />
                    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
                    <add key="mlops" value="{feed}" />
                  </packageSources>
                  <packageSourceMapping>
                    <packageSource key="nuget.org"><package pattern="*" /></packageSource>
                    <packageSource key="mlops"><package pattern="MlOps.*" /></packageSource>
                  </packageSourceMapping>
                </configuration>
                """);
            var result = await BuildAllAsync(Built);
            Assert.True(result.ExitCode == 0, result.Output);
            Assert.Contains("stage.sh: built ci/deploy.cs", result.Output, StringComparison.Ordinal);
        }

        /// <summary>A copy of the built project, with its .mlops/stages, as GitLab's cache restores it into a new job.</summary>
        public string Copy()
        {
            var copy = Path.Combine(_folder, $"copy-{Interlocked.Increment(ref _copies)}");
            CopyFolder(Built, copy);
            return copy;
        }

        /// <summary>NuGet's packages folder of the sample, as hard links in a folder of its own on the same file system.</summary>
        public string LinkedPackagesFolder()
        {
            var linked = Path.Combine(RepositoryPaths.Samples, ".mlops", $"stage-cache-test-packages-{Guid.NewGuid():N}");
            _linkedFolders.Add(linked);
            var result = ChildProcess.RunAsync("cp", ["-al", Packages, linked], RepositoryPaths.Root).GetAwaiter().GetResult();
            Assert.True(result.ExitCode == 0, result.Output);
            return linked;
        }

        internal Task<ProcessResult> BuildAllAsync(string project, string? packages = null) =>
            ChildProcess.RunAsync("bash", ["ci/stage.sh", "--build-all"], project, Environment(packages ?? Packages));

        public IReadOnlyDictionary<string, string?> Environment(string packages) => new Dictionary<string, string?>
        {
            ["NUGET_PACKAGES"] = packages,
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
        };

        public Task DisposeAsync()
        {
            foreach (var linked in _linkedFolders)
            {
                Directory.Delete(linked, recursive: true);
            }

            Directory.Delete(_folder, recursive: true);
            return Task.CompletedTask;
        }

        private static void CopyFolder(string from, string to)
        {
            foreach (var directory in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
            {
                Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, directory)));
            }

            Directory.CreateDirectory(to);
            foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(to, Path.GetRelativePath(from, file));
                File.Copy(file, target);
                File.SetLastWriteTimeUtc(target, File.GetLastWriteTimeUtc(file));
            }
        }
    }
}
