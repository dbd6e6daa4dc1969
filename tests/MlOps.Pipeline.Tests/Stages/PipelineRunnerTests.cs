using MlOps.Sdk.Stages;

namespace MlOps.Pipeline.Tests.Stages;

public sealed class PipelineRunnerTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mlops-pipeline-runner-").FullName;
    private readonly List<string> _runs = [];
    private readonly StringWriter _output = new();
    private readonly Dictionary<string, string> _variables = [];

    public PipelineRunnerTests()
    {
        _variables["MLOPS_HOME"] = Path.Combine(_folder, "home");
        _variables["MLOPS_DOTENV"] = Path.Combine(_folder, "mlops.env");
        _variables["MLOPS_STATE_FILE"] = Path.Combine(_folder, "state.json");
        Directory.CreateDirectory(Path.Combine(_folder, "breast-cancer-training"));
        Directory.CreateDirectory(Path.Combine(_folder, "breast-cancer-endpoint"));
    }

    public void Dispose()
    {
        _output.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task RunAsync_AllStagesSucceed_RunsEachInOrderInItsProjectFolder()
    {
        var exitCode = await RunAsync(
            new PipelineStep(new RecordingStage("train", _runs), Path.Combine(_folder, "breast-cancer-training")),
            new PipelineStep(new RecordingStage("deploy", _runs), Path.Combine(_folder, "breast-cancer-endpoint"), "--greeting", "hello"));

        Assert.Equal(StageExitCode.Success, exitCode);
        Assert.Equal(
            [
                $"train project=breast-cancer-training path={Path.Combine(_folder, "breast-cancer-training")} greeting=",
                $"deploy project=breast-cancer-endpoint path={Path.Combine(_folder, "breast-cancer-endpoint")} greeting=hello",
            ],
            _runs);
    }

    [Fact]
    public async Task RunAsync_AllStagesSucceed_PrintsEachStageWithItsModeLine()
    {
        await RunAsync(new PipelineStep(new RecordingStage("train", _runs), Path.Combine(_folder, "breast-cancer-training")));

        var lines = _output.ToString().Split('\n').Select(l => l.TrimEnd()).ToList();
        var section = lines.IndexOf("==> [breast-cancer-training] train");
        Assert.True(section >= 0, _output.ToString());
        Assert.StartsWith("MlOps.Sdk train — mode: local (state in ", lines[section + 1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_StageFails_StopsThereWithItsExitCode()
    {
        var exitCode = await RunAsync(
            new PipelineStep(new RecordingStage("test", _runs, StageExitCode.Failed), Path.Combine(_folder, "breast-cancer-endpoint")),
            new PipelineStep(new RecordingStage("release", _runs), Path.Combine(_folder, "breast-cancer-endpoint")));

        Assert.Equal(StageExitCode.Failed, exitCode);
        Assert.Single(_runs);
        Assert.Contains("==> FAILED: breast-cancer-endpoint test exited with 1; the pipeline stops here.", _output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_StageArgumentInvalid_StopsWithInvalidInput()
    {
        var exitCode = await RunAsync(
            new PipelineStep(new RecordingStage("train", _runs), Path.Combine(_folder, "breast-cancer-training"), "--no-such-option"),
            new PipelineStep(new RecordingStage("register", _runs), Path.Combine(_folder, "breast-cancer-training")));

        Assert.Equal(StageExitCode.InvalidInput, exitCode);
        Assert.Empty(_runs);
    }

    [Fact]
    public async Task RunAsync_MissingProjectFolder_FailsNamingStepBeforeAnyStageRuns()
    {
        var exitCode = await RunAsync(
            new PipelineStep(new RecordingStage("train", _runs), Path.Combine(_folder, "breast-cancer-training")),
            new PipelineStep(new RecordingStage("deploy", _runs), Path.Combine(_folder, "no-such-project")));

        Assert.Equal(StageExitCode.InvalidInput, exitCode);
        Assert.Empty(_runs);
        Assert.Contains("steps[1].ProjectPath: must be an existing project folder", _output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_NoSteps_FailsWithInvalidInput()
    {
        var exitCode = await RunAsync();

        Assert.Equal(StageExitCode.InvalidInput, exitCode);
        Assert.Contains("steps: must hold at least one stage", _output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_TimingsFileVariableSet_WritesProjectStageAndMillisecondsPerStage()
    {
        var timings = Path.Combine(_folder, "timings.tsv");
        _variables[PipelineRunner.TimingsFileVariable] = timings;

        await RunAsync(
            new PipelineStep(new RecordingStage("train", _runs), Path.Combine(_folder, "breast-cancer-training")),
            new PipelineStep(new RecordingStage("deploy", _runs), Path.Combine(_folder, "breast-cancer-endpoint")));

        var rows = (await File.ReadAllLinesAsync(timings)).Select(l => l.Split('\t')).ToList();
        Assert.Equal(["breast-cancer-training train", "breast-cancer-endpoint deploy"], rows.Select(r => $"{r[0]} {r[1]}"));
        Assert.All(rows, r => Assert.True(long.TryParse(r[2], out var ms) && ms >= 0, string.Join('\t', r)));
    }

    private Task<int> RunAsync(params PipelineStep[] steps) =>
        PipelineRunner.RunAsync(steps, name => _variables.GetValueOrDefault(name), new StageConsole(_output, interactive: false, TimeProvider.System), TimeProvider.System);
}
