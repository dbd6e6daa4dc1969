using MlOps.Sdk.Stages;

namespace MlOps.Pipeline.Tests.Stages;

public sealed class StageRunnerTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mlops-stage-runner-").FullName;
    private readonly StringWriter _output = new();

    public void Dispose()
    {
        _output.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task RunAsync_VariableExpandedToEmpty_StageSeesItUnset()
    {
        // What GitLab does with `MLOPS_SAGEMAKER_ROLE_ARN: $MLOPS_SAGEMAKER_CANDIDATE_ROLE_ARN` when the latter is undefined.
        var variables = new Dictionary<string, string?>
        {
            ["MLOPS_HOME"] = Path.Combine(_folder, "home"),
            ["MLOPS_DOTENV"] = Path.Combine(_folder, "mlops.env"),
            ["MLOPS_STATE_FILE"] = Path.Combine(_folder, "state.json"),
            ["MLOPS_SAGEMAKER_ROLE_ARN"] = "",
        };
        var stage = new VariableReadingStage("MLOPS_SAGEMAKER_ROLE_ARN");

        var exitCode = await StageRunner.RunAsync(stage, ["--project-path", _folder, "--project", "churn"], name => variables.GetValueOrDefault(name), new StageConsole(_output, interactive: false, TimeProvider.System));

        Assert.Equal(StageExitCode.Success, exitCode);
        Assert.True(stage.Read, _output.ToString());
        Assert.Null(stage.Value);
    }

    private sealed class VariableReadingStage(string variable) : IStage
    {
        public bool Read { get; private set; }

        public string? Value { get; private set; }

        public string Name => "read";

        public string Summary => "reads one variable";

        public IReadOnlyList<StageOption> Options { get; } = [];

        public Task<int> RunAsync(StageContext context, CancellationToken cancellationToken = default)
        {
            Value = context.GetVariable(variable);
            Read = true;
            return Task.FromResult(StageExitCode.Success);
        }
    }
}
