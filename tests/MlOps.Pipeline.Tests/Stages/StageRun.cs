using MlOps.Sdk.Stages;

namespace MlOps.Pipeline.Tests.Stages;

/// <summary>
/// One pipeline run of real stages in this process, in local mode over a <see cref="ReviewProjectFixture"/>'s home, with
/// GitLab's variables of a merge request or of the default branch, and a hand-off of its own.
/// </summary>
internal sealed class StageRun
{
    private readonly Dictionary<string, string> _variables;
    private readonly StringWriter _output = new();

    public StageRun(ReviewProjectFixture fixture, string name, int? mergeRequestIid = null)
        : this(fixture.Home, fixture.BuildState, name, mergeRequestIid)
    {
    }

    /// <summary>A run over a local-mode home, starting from a copy of an earlier run's state file when there is one.</summary>
    public StageRun(string home, string startState, string name, int? mergeRequestIid = null, long? pipelineId = null)
    {
        // A commit of its own, so two runs in the same second never name the same training job.
        var commit = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(20));
        var folder = Directory.CreateTempSubdirectory($"mlops-run-{name}-").FullName;
        StateFile = Path.Combine(folder, "pipeline-state.json");
        if (File.Exists(startState))
        {
            File.Copy(startState, StateFile);
        }

        _variables = new Dictionary<string, string>
        {
            ["MLOPS_MODE"] = "local",
            ["MLOPS_HOME"] = home,
            ["MLOPS_STATE_FILE"] = StateFile,
            ["MLOPS_DOTENV"] = DotEnvFile = Path.Combine(folder, "mlops.env"),
            ["AWS_REGION"] = "us-east-1",
            ["CI_COMMIT_SHA"] = commit,
            ["CI_COMMIT_SHORT_SHA"] = commit[..8],
            ["CI_DEFAULT_BRANCH"] = "main",
        };
        if (pipelineId is { } id)
        {
            _variables["CI_PIPELINE_ID"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (mergeRequestIid is { } iid)
        {
            _variables["CI_PIPELINE_SOURCE"] = "merge_request_event";
            _variables["CI_MERGE_REQUEST_IID"] = iid.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        else
        {
            _variables["CI_PIPELINE_SOURCE"] = "push";
            _variables["CI_COMMIT_BRANCH"] = "main";
        }
    }

    public string StateFile { get; }

    public string DotEnvFile { get; }

    public string Output => _output.ToString();

    public Task<int> RunAsync(params PipelineStep[] steps) =>
        PipelineRunner.RunAsync(steps, name => _variables.GetValueOrDefault(name), new StageConsole(_output, interactive: false, TimeProvider.System), TimeProvider.System);
}
