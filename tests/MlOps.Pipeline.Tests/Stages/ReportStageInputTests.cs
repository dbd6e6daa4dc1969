using MlOps.Pipeline.Tests.Sample;
using MlOps.Sdk.Stages;

namespace MlOps.Pipeline.Tests.Stages;

/// <summary>The report stage refuses bad input before its first call, naming the option and the rule, and writes nothing.</summary>
public sealed class ReportStageInputTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mlops-report-input-").FullName;
    private readonly StringWriter _output = new();

    public ReportStageInputTests()
    {
        File.Copy(Path.Combine(RepositoryPaths.Samples, "breast-cancer-training", ProjectManifest.FileName), Path.Combine(_folder, ProjectManifest.FileName));
    }

    public void Dispose()
    {
        _output.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Theory]
    [InlineData("--latency-repeats", "0", "--latency-repeats: must be a whole number from 1 to 1000")]
    [InlineData("--note", "sometimes", "--note: must be auto, true or false")]
    [InlineData("--region", "Mars", "--region: must be an AWS region name such as us-east-1")]
    [InlineData("--model-package-arn", "churn/3", "--model-package-arn: must be a model package version ARN")]
    [InlineData("--production-endpoint", "churn prod", "--production-endpoint")]
    [InlineData("--test-report", "missing.json", "--test-report: must be the test stage's report file")]
    public async Task Run_BadOption_ExitsInvalidInputNamingTheOptionAndWritesNothing(string option, string value, string expected)
    {
        var exitCode = await RunAsync(option, value);

        Assert.Equal(StageExitCode.InvalidInput, exitCode);
        Assert.Contains(expected, _output.ToString(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_folder, ".mlops")), "the stage wrote files before refusing its input");
    }

    [Fact]
    public async Task Run_NoteRequiredWithoutToken_ExitsInvalidInputNamingTheTokenVariable()
    {
        var exitCode = await RunAsync("--note", "true");

        Assert.Equal(StageExitCode.InvalidInput, exitCode);
        Assert.Contains("MLOPS_GITLAB_TOKEN", _output.ToString(), StringComparison.Ordinal);
    }

    private Task<int> RunAsync(params string[] arguments)
    {
        var variables = new Dictionary<string, string>
        {
            ["MLOPS_MODE"] = "local",
            ["MLOPS_HOME"] = Path.Combine(_folder, "home"),
            ["MLOPS_STATE_FILE"] = Path.Combine(_folder, "state.json"),
            ["MLOPS_DOTENV"] = Path.Combine(_folder, "mlops.env"),
            ["CI_PIPELINE_SOURCE"] = "merge_request_event",
            ["CI_MERGE_REQUEST_IID"] = "7",
            ["CI_COMMIT_SHA"] = "0123abcd4567ef890123abcd4567ef890123abcd",
        };
        return StageRunner.RunAsync(
            new ReportStage(),
            ["--project-path", _folder, "--project", "breast-cancer-training", .. arguments],
            name => variables.GetValueOrDefault(name),
            new StageConsole(_output, interactive: false, TimeProvider.System));
    }
}
