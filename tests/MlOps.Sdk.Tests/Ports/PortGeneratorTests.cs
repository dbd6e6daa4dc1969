using System.Diagnostics;
using MlOps.Sdk.Tests.Fixtures;
using MlOps.Sdk.Tests.Local;

namespace MlOps.Sdk.Tests.Ports;

/// <summary>
/// The ports and wire types are written by <c>tools/wiregen/generate.py</c>; a hand edit to a generated file, or a
/// generator change whose output was not committed, fails here instead of drifting.
/// </summary>
public sealed class PortGeneratorTests : IDisposable
{
    private static readonly string[] GeneratedTrees =
    [
        "tools/wiregen",
        "tests/MlOps.Sdk.Tests.Support/Data/botocore",
        "src/MlOps.Sdk/SageMaker",
        "src/MlOps.Sdk/Scaling",
        "src/MlOps.Sdk/Tagging",
        "src/MlOps.Sdk/Aws",
        "src/MlOps.Sdk/Local",
        "src/MlOps.Sdk.LocalWire/SageMaker",
        "src/MlOps.Sdk.LocalWire/Scaling",
        "src/MlOps.Sdk.LocalWire/Tagging",
        "tests/MlOps.Sdk.Tests.Support/Fakes",
    ];

    private readonly string _copy = Path.Combine(Path.GetTempPath(), "mlops-wiregen-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task GenerateCheck_CommittedTree_MatchesWhatTheGeneratorWrites()
    {
        var (exitCode, output) = await RunCheckAsync(RepositoryRoot.Path);

        Assert.True(exitCode == 0, output);
        Assert.Contains("generated files match", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenerateCheck_GeneratedFileEditedByHand_FailsNamingIt()
    {
        CopyGeneratedTrees();
        var edited = Path.Combine(_copy, "src/MlOps.Sdk/Aws/AwsSageMakerClient.g.cs");
        await File.AppendAllTextAsync(edited, "// a hand edit\n");

        var (exitCode, output) = await RunCheckAsync(_copy);

        Assert.Equal(1, exitCode);
        Assert.Contains("src/MlOps.Sdk/Aws/AwsSageMakerClient.g.cs", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenerateCheck_StaleWireTypeLeftBehind_FailsNamingIt()
    {
        CopyGeneratedTrees();
        await File.WriteAllTextAsync(Path.Combine(_copy, "src/MlOps.Sdk/SageMaker/Model/RemovedShape.cs"), "// no longer generated\n");

        var (exitCode, output) = await RunCheckAsync(_copy);

        Assert.Equal(1, exitCode);
        Assert.Contains("src/MlOps.Sdk/SageMaker/Model/RemovedShape.cs", output, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_copy))
        {
            Directory.Delete(_copy, recursive: true);
        }
    }

    private void CopyGeneratedTrees()
    {
        foreach (var tree in GeneratedTrees)
        {
            var source = RepositoryRoot.Combine(tree);
            foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(RepositoryRoot.Path, file);
                if (relative.Contains("/bin/", StringComparison.Ordinal) || relative.Contains("/obj/", StringComparison.Ordinal) || relative.Contains("__pycache__", StringComparison.Ordinal))
                {
                    continue;
                }

                var target = Path.Combine(_copy, relative);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
        }
    }

    private static async Task<(int ExitCode, string Output)> RunCheckAsync(string root)
    {
        LocalTestHome.RequireTool("python3", "apt-get install python3");
        var start = new ProcessStartInfo("python3", ["tools/wiregen/generate.py", "--check"])
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }
}
