using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MlOps.Sdk.Endpoints;
using MlOps.Sdk.Stages;
using MlOps.Sdk.Training;

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

    [Fact]
    public async Task RunAsync_WaiterVariablesInAwsMode_ClientsPollWithTheirTimings()
    {
        // What run-local.sh --over-wire exports: the server's jobs and endpoints are ready in seconds, not minutes.
        TrainingOptions? training = null;
        EndpointOptions? endpoints = null;
        var stage = new InspectingStage(context =>
        {
            training = context.Services.GetRequiredService<IOptions<TrainingOptions>>().Value;
            endpoints = context.Services.GetRequiredService<IOptions<EndpointOptions>>().Value;
        });

        var exitCode = await RunAsync(stage, new Dictionary<string, string?>
        {
            ["MLOPS_MODE"] = "aws",
            ["AWS_REGION"] = "us-east-1",
            ["MlOps__Training__CompletionWaiter__Delay"] = "00:00:00.1",
            ["MlOps__Training__CompletionWaiter__MaxAttempts"] = "216000",
            ["MlOps__Endpoints__InServiceWaiter__Delay"] = "00:00:00.2",
            ["MlOps__Endpoints__DeletedWaiter__MaxAttempts"] = "9",
        });

        Assert.Equal(StageExitCode.Success, exitCode);
        Assert.Equal((TimeSpan.FromMilliseconds(100), 216000), (training!.CompletionWaiter.Delay, training.CompletionWaiter.MaxAttempts));
        Assert.Equal((TimeSpan.FromMilliseconds(200), 120), (endpoints!.InServiceWaiter.Delay, endpoints.InServiceWaiter.MaxAttempts));
        Assert.Equal((TimeSpan.FromSeconds(30), 9), (endpoints.DeletedWaiter.Delay, endpoints.DeletedWaiter.MaxAttempts));
    }

    [Fact]
    public async Task RunAsync_LibraryLogsInformation_OutputShowsOnlyItsWarnings()
    {
        var stage = new InspectingStage(context =>
        {
            var loggers = context.Services.GetRequiredService<ILoggerFactory>();
            loggers.CreateLogger("System.Net.Http.HttpClient.Default.LogicalHandler").LogInformation("Start processing HTTP request POST");
            loggers.CreateLogger("System.Net.Http.HttpClient.Default.LogicalHandler").LogWarning("library warning");
            loggers.CreateLogger("MlOps.Sdk.Training.TrainingClient").LogInformation("sdk line");
        });

        await RunAsync(stage, new Dictionary<string, string?>());

        var output = _output.ToString();
        Assert.DoesNotContain("Start processing HTTP request", output, StringComparison.Ordinal);
        Assert.Contains("WARN library warning", output, StringComparison.Ordinal);
        Assert.Contains("sdk line", output, StringComparison.Ordinal);
    }

    private Task<int> RunAsync(IStage stage, Dictionary<string, string?> variables)
    {
        variables["MLOPS_HOME"] = Path.Combine(_folder, "home");
        variables["MLOPS_DOTENV"] = Path.Combine(_folder, "mlops.env");
        variables["MLOPS_STATE_FILE"] = Path.Combine(_folder, "state.json");
        return StageRunner.RunAsync(stage, ["--project-path", _folder, "--project", "churn"], name => variables.GetValueOrDefault(name), new StageConsole(_output, interactive: false, TimeProvider.System));
    }

    private sealed class InspectingStage(Action<StageContext> inspect) : IStage
    {
        public string Name => "inspect";

        public string Summary => "looks at its context";

        public IReadOnlyList<StageOption> Options { get; } = [];

        public Task<int> RunAsync(StageContext context, CancellationToken cancellationToken = default)
        {
            inspect(context);
            return Task.FromResult(StageExitCode.Success);
        }
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
