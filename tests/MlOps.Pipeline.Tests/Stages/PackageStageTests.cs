using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using MlOps.Sdk.Local;
using MlOps.Sdk.Stages;
using MlOps.Sdk.Storage;

namespace MlOps.Pipeline.Tests.Stages;

/// <summary>
/// The package stage through the real stages in local mode: the registered model is streamed from the artifact store
/// into the release zip, and no stage copies it into the files handed from job to job.
/// </summary>
public sealed class PackageStageTests(ReviewProjectFixture project) : IClassFixture<ReviewProjectFixture>
{
    [Fact]
    public async Task Package_RegisteredModel_ZipHoldsTheStoredModelTarGz()
    {
        var output = Directory.CreateTempSubdirectory("mlops-package-").FullName;
        await GitInitAsync(project.Strong);
        var run = new StageRun(project, "candidate", mergeRequestIid: 9);

        var exitCode = await run.RunAsync(
            new PipelineStep(new TrainStage(), project.Strong),
            new PipelineStep(new RegisterStage(), project.Strong, "--group", "package-stream-models"),
            new PipelineStep(new PackageStage(), project.Strong, "--output-path", output));

        Assert.True(exitCode == StageExitCode.Success, run.Output);
        var stored = StoredModelPath();
        using var zip = ZipFile.OpenRead(Assert.Single(Directory.GetFiles(output, "*.zip")));
        await using var entry = await zip.GetEntry("model/model.tar.gz")!.OpenAsync();
        Assert.Equal(SHA256.HashData(await File.ReadAllBytesAsync(stored)), await SHA256.HashDataAsync(entry));
    }

    [Fact]
    public async Task Register_RegisteredModel_HandsOnTheDescriptionButNoCopyOfTheModel()
    {
        var run = new StageRun(project, "candidate", mergeRequestIid: 10);

        var exitCode = await run.RunAsync(
            new PipelineStep(new TrainStage(), project.Strong),
            new PipelineStep(new RegisterStage(), project.Strong, "--group", "package-handoff-models"));

        Assert.True(exitCode == StageExitCode.Success, run.Output);
        var model = Path.Combine(project.Strong, StageFiles.ReleaseInputDirectory, "model");
        Assert.True(File.Exists(Path.Combine(model, StageFiles.ModelPackageFileName)));
        Assert.False(File.Exists(Path.Combine(model, "model.tar.gz")));
    }

    [Fact]
    public async Task Package_DescriptionNamesMissingModel_FailsWithNoSuchKeyAndWritesNoZip()
    {
        var output = Directory.CreateTempSubdirectory("mlops-package-").FullName;
        var model = Path.Combine(project.Pooled, StageFiles.ReleaseInputDirectory, "model");
        Directory.CreateDirectory(model);
        await File.WriteAllTextAsync(Path.Combine(model, StageFiles.ModelPackageFileName), """{"ModelDataUrl":"s3://mlops-local/missing/output/model.tar.gz"}""");
        var run = new StageRun(project, "candidate", mergeRequestIid: 11);

        var exitCode = await run.RunAsync(new PipelineStep(new PackageStage(), project.Pooled, "--output-path", output));

        Assert.NotEqual(StageExitCode.Success, exitCode);
        Assert.Contains("NoSuchKey", run.Output, StringComparison.Ordinal);
        Assert.Contains("s3://mlops-local/missing/output/model.tar.gz", run.Output, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(output, "*.zip"));
    }

    // The package stage lists the source with git, as in a pipeline's checkout.
    private static async Task GitInitAsync(string folder)
    {
        if (Directory.Exists(Path.Combine(folder, ".git")))
        {
            return;
        }

        foreach (var arguments in new[] { new[] { "init", "-q" }, ["add", "-A", "--", ":!.mlops"] })
        {
            var result = await Sample.ChildProcess.RunAsync("git", arguments, folder, installHint: "apt-get install git");
            Assert.True(result.ExitCode == 0, result.Output);
        }
    }

    private string StoredModelPath()
    {
        var description = Path.Combine(project.Strong, StageFiles.ReleaseInputDirectory, "model", StageFiles.ModelPackageFileName);
        using var json = JsonDocument.Parse(File.ReadAllText(description));
        var uri = S3Uri.Parse(json.RootElement.GetProperty("ModelDataUrl").GetString()!);
        return new LocalArtifactStore(Microsoft.Extensions.Options.Options.Create(new LocalOptions { Home = project.Home })).GetLocalPath(uri);
    }
}
