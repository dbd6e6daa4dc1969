using System.Text.Json;
using Xunit.Abstractions;

namespace MlOps.Templates.Tests;

[Collection(TemplatePackCollection.Name)]
public sealed class TrainingTemplateTests
{
    private readonly TemplatePackFixture _pack;
    private readonly ITestOutputHelper _log;

    public TrainingTemplateTests(TemplatePackFixture pack, ITestOutputHelper log)
    {
        _pack = pack;
        _log = log;
    }

    [Fact]
    public async Task Generate_DefaultParameters_ItsOwnTestsPass()
    {
        var project = await _pack.GenerateAndBuildAsync("mlops-training", "BreastCancer");

        (await CommandRunner.RunAsync("dotnet", ["test", project.Solution, "--no-build"], project.Directory, log: _log)).EnsureSuccess();
    }

    [Fact]
    public async Task Generate_DefaultParameters_ManifestHoldsLocalModeDefaults()
    {
        var project = await _pack.GenerateAndBuildAsync("mlops-training", "BreastCancer");

        using var manifest = JsonDocument.Parse(project.ReadFile("manifest.json"));
        var root = manifest.RootElement;
        Assert.Equal("us-east-1", root.GetProperty("aws").GetProperty("region").GetString());
        Assert.Equal("breast-cancer-models", root.GetProperty("registry").GetProperty("modelPackageGroup").GetString());
        Assert.Equal("ml.m5.large", root.GetProperty("training").GetProperty("instanceType").GetString());
        Assert.Equal("validation:auc", root.GetProperty("registry").GetProperty("gate").GetProperty("metric").GetString());
        Assert.Equal(0.9, root.GetProperty("registry").GetProperty("gate").GetProperty("threshold").GetDouble());
        Assert.Equal("MLOPS_CANDIDATE_ROLE_ARN", root.GetProperty("aws").GetProperty("candidateRoleArnVariable").GetString());
    }

    [Fact]
    public async Task Generate_DefaultParameters_NoTemplateNameIsLeft()
    {
        var project = await _pack.GenerateAndBuildAsync("mlops-training", "BreastCancer");

        foreach (var file in project.GeneratedTextFiles())
        {
            var text = File.ReadAllText(file);
            Assert.DoesNotContain("MlOpsTraining", text, StringComparison.Ordinal);
            Assert.DoesNotContain("mlops-training-app", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Trainer_RunAsProcessWithTrainArgument_WritesModelAndMetricLines()
    {
        var project = await _pack.GenerateAndBuildAsync("mlops-training", "BreastCancer");
        var job = TrainingJob.Create(project);

        var result = await CommandRunner.RunAsync(
            "dotnet",
            [project.BuiltAssembly("BreastCancer.Trainer"), "train"],
            project.Directory,
            new Dictionary<string, string> { ["SAGEMAKER_BASE_DIR"] = job },
            _log);

        result.EnsureSuccess();
        Assert.Matches(@"metric: validation:auc=0\.9\d+|metric: validation:auc=1\.0+", result.Output);
        Assert.True(File.Exists(Path.Combine(job, "model", "model.zip")));
        Assert.True(File.Exists(Path.Combine(job, "model", "metrics.json")));
    }

    [Fact]
    public async Task Generate_NonDefaultParameters_RendersThemAndItsTestsPass()
    {
        var project = await _pack.GenerateAndBuildAsync(
            "mlops-training",
            "fraud-detection",
            "--region", "eu-west-1",
            "--model-package-group", "fraud-group",
            "--training-instance-type", "ml.c5.xlarge",
            "--sagemaker-role-variable", "FRAUD_SAGEMAKER_ROLE",
            "--candidate-role-variable", "FRAUD_CANDIDATE_ROLE",
            "--production-role-variable", "FRAUD_PRODUCTION_ROLE",
            "--gate-metric", "validation:f1",
            "--gate-threshold", "0.85");

        using var manifest = JsonDocument.Parse(project.ReadFile("manifest.json"));
        var root = manifest.RootElement;
        Assert.Equal("eu-west-1", root.GetProperty("aws").GetProperty("region").GetString());
        Assert.Equal("FRAUD_SAGEMAKER_ROLE", root.GetProperty("aws").GetProperty("sageMakerRoleArnVariable").GetString());
        Assert.Equal("FRAUD_CANDIDATE_ROLE", root.GetProperty("aws").GetProperty("candidateRoleArnVariable").GetString());
        Assert.Equal("FRAUD_PRODUCTION_ROLE", root.GetProperty("aws").GetProperty("productionRoleArnVariable").GetString());
        Assert.Equal("fraud-group", root.GetProperty("registry").GetProperty("modelPackageGroup").GetString());
        Assert.Equal("ml.c5.xlarge", root.GetProperty("training").GetProperty("instanceType").GetString());
        Assert.Equal("fraud-detection-trainer", root.GetProperty("image").GetProperty("repository").GetString());
        // A name that is no C# identifier gives safe, consistent project, namespace and file names.
        Assert.Equal("fraud_detection.slnx", root.GetProperty("project").GetProperty("solution").GetString());
        Assert.True(File.Exists(Path.Combine(project.Directory, "src", "fraud_detection.Trainer", "fraud_detection.Trainer.csproj")));
        Assert.Equal("validation:f1", root.GetProperty("registry").GetProperty("gate").GetProperty("metric").GetString());
        Assert.Equal(0.85, root.GetProperty("registry").GetProperty("gate").GetProperty("threshold").GetDouble());
        // The metric names the trainer prints are not template parameters: the gate choice must not rename them.
        Assert.Contains(root.GetProperty("training").GetProperty("metricDefinitions").EnumerateArray(),
            definition => definition.GetProperty("name").GetString() == "validation:auc");
        (await CommandRunner.RunAsync("dotnet", ["test", project.Solution, "--no-build"], project.Directory, log: _log)).EnsureSuccess();
    }
}
