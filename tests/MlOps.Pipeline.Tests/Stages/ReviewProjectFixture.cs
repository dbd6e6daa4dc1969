using System.Text.Json.Nodes;
using MlOps.Pipeline.Tests.Sample;
using MlOps.Sdk.Stages;

namespace MlOps.Pipeline.Tests.Stages;

/// <summary>
/// The sample training project copied twice into a temporary folder, once as committed ("strong") and once with
/// hyperparameters that train a worse model ("weak"), and once with a warm pool ("pooled"), with one local-mode home where the trainer was built once. Its
/// gate is on validation:log_loss (lower is better), the metric the weak hyperparameters move most.
/// </summary>
public sealed class ReviewProjectFixture : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mlops-review-").FullName;

    public string Home => Path.Combine(_folder, "home");

    public string Strong => Path.Combine(_folder, "strong", "breast-cancer-training");

    public string Weak => Path.Combine(_folder, "weak", "breast-cancer-training");

    /// <summary>The committed sample with a ten-minute warm pool for merge-request training.</summary>
    public string Pooled => Path.Combine(_folder, "pooled", "breast-cancer-training");

    /// <summary>What the build stage handed on (the trainer's local image), for every later run to start from.</summary>
    public string BuildState => Path.Combine(_folder, "build-state.json");

    public async Task InitializeAsync()
    {
        Copy(Path.Combine(RepositoryPaths.Samples, "breast-cancer-training"), Strong);
        Copy(Path.Combine(RepositoryPaths.Samples, "breast-cancer-training"), Weak);
        Copy(Path.Combine(RepositoryPaths.Samples, "breast-cancer-training"), Pooled);
        EditManifest(Strong, _ => { });
        EditManifest(Weak, training =>
        {
            training["hyperparameters"]!["max_iterations"] = "1";
            training["hyperparameters"]!["l2_regularization"] = "1000";
        });
        EditManifest(Pooled, training => training["warmPool"] = new JsonObject { ["mergeRequestKeepAliveInSeconds"] = 600 });

        var run = new StageRun(this, "build");
        var exitCode = await run.RunAsync(new PipelineStep(new BuildStage(), Strong));
        Assert.True(exitCode == StageExitCode.Success, run.Output);
        File.Copy(run.StateFile, BuildState);
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    private static void EditManifest(string project, Action<JsonNode> editTraining)
    {
        var path = Path.Combine(project, ProjectManifest.FileName);
        var manifest = JsonNode.Parse(File.ReadAllText(path))!;
        manifest["registry"]!["gate"] = new JsonObject { ["metric"] = "validation:log_loss", ["threshold"] = 0.5, ["comparison"] = "LessThanOrEqualToThreshold" };
        editTraining(manifest["training"]!);
        File.WriteAllText(path, manifest.ToJsonString());
    }

    internal static void Copy(string source, string target)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (relative.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj" or ".mlops"))
            {
                continue;
            }

            var destination = Path.Combine(target, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
    }
}
