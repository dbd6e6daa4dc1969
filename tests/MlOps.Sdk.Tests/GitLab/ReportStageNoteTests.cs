using MlOps.Sdk.GitLab;
using MlOps.Sdk.Review;
using MlOps.Sdk.Stages;

namespace MlOps.Sdk.Tests.GitLab;

/// <summary>The report stage posts its review as one merge-request note, and a later pipeline updates that note.</summary>
public sealed class ReportStageNoteTests : IDisposable
{
    private const string Token = "glpat-test-0123456789abcdef";
    private readonly string _folder = Directory.CreateTempSubdirectory("mlops-report-note-").FullName;
    private readonly StringWriter _output = new();

    public ReportStageNoteTests()
    {
        File.WriteAllText(
            Path.Combine(_folder, ProjectManifest.FileName),
            """{ "project": { "kind": "training" }, "aws": { "region": "us-east-1" }, "registry": { "modelPackageGroup": "note-models" } }""");
    }

    public void Dispose()
    {
        _output.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Run_TwoPipelinesOfOneMergeRequest_PostOneNoteAndUpdateIt()
    {
        await using var gitLab = new FakeGitLabNotesServer(Token);

        var first = await RunAsync(gitLab, "0123abcd4567ef890123abcd4567ef890123abcd");
        var second = await RunAsync(gitLab, "89abcdef0123456789abcdef0123456789abcdef");

        Assert.Equal(StageExitCode.Success, first);
        Assert.Equal(StageExitCode.Success, second);
        var note = Assert.Single(gitLab.Notes);
        Assert.StartsWith(MergeRequestReviewMarkdown.Marker, note.Body, StringComparison.Ordinal);
        Assert.Contains("at `89abcdef`", note.Body, StringComparison.Ordinal);
        Assert.Single(gitLab.Requests, r => r.Method == "POST");
        Assert.Single(gitLab.Requests, r => r.Method == "PUT");
    }

    [Fact]
    public async Task Run_PostsTheNote_NeverPrintsTheToken()
    {
        await using var gitLab = new FakeGitLabNotesServer(Token);

        await RunAsync(gitLab, "0123abcd4567ef890123abcd4567ef890123abcd");

        Assert.Contains("note: created note ", _output.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Token, _output.ToString(), StringComparison.Ordinal);
    }

    private Task<int> RunAsync(FakeGitLabNotesServer gitLab, string commit)
    {
        var variables = new Dictionary<string, string>
        {
            ["MLOPS_MODE"] = "local",
            ["MLOPS_HOME"] = Path.Combine(_folder, "home"),
            ["MLOPS_STATE_FILE"] = Path.Combine(_folder, "state.json"),
            ["MLOPS_DOTENV"] = Path.Combine(_folder, "mlops.env"),
            ["CI_PIPELINE_SOURCE"] = "merge_request_event",
            ["CI_MERGE_REQUEST_IID"] = gitLab.MergeRequestIid.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["CI_COMMIT_SHA"] = commit,
            ["CI_API_V4_URL"] = gitLab.ApiBaseUrl.ToString().TrimEnd('/'),
            ["CI_PROJECT_ID"] = gitLab.RawProjectId,
            [GitLabNoteSettings.TokenVariableName] = Token,
        };
        return StageRunner.RunAsync(
            new ReportStage(),
            ["--project-path", _folder, "--project", "churn-training", "--note", "true"],
            name => variables.GetValueOrDefault(name),
            new StageConsole(_output, interactive: false, TimeProvider.System));
    }
}
