using System.Net;
using MlOps.Sdk.GitLab;

namespace MlOps.Sdk.Tests.GitLab;

/// <summary>The report as one merge-request note: created once, then updated in place, against a fake GitLab Notes API.</summary>
public sealed class GitLabNotesClientTests
{
    private const string Token = "glpat-test-0123456789abcdef";
    private const string Marker = GitLabNoteSettings.DefaultMarker;

    private static readonly HttpClient Http = new();

    [Fact]
    public async Task UpsertMergeRequestNote_NoReportNoteYet_CreatesNoteWithMarker()
    {
        await using var gitLab = new FakeGitLabNotesServer(Token);

        var result = await Client(gitLab).UpsertMergeRequestNoteAsync("42", 7, "## Report\nAUC 0.91", CancellationToken.None);

        Assert.Equal(GitLabNoteUpsertOutcome.Created, result.Outcome);
        var note = Assert.Single(gitLab.Notes);
        Assert.Equal(note.Id, result.NoteId);
        Assert.Equal($"{Marker}\n## Report\nAUC 0.91", note.Body);
        var post = Assert.Single(gitLab.Requests, r => r.Method == "POST");
        Assert.Equal("/api/v4/projects/42/merge_requests/7/notes", post.RawUrl);
        Assert.StartsWith("application/json", post.ContentType, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpsertMergeRequestNote_CalledTwice_UpdatesTheSameNote()
    {
        await using var gitLab = new FakeGitLabNotesServer(Token);
        var client = Client(gitLab);

        var first = await client.UpsertMergeRequestNoteAsync("42", 7, "commit 1: AUC 0.91", CancellationToken.None);
        var second = await client.UpsertMergeRequestNoteAsync("42", 7, "commit 2: AUC 0.93", CancellationToken.None);

        Assert.Equal(GitLabNoteUpsertOutcome.Updated, second.Outcome);
        Assert.Equal(first.NoteId, second.NoteId);
        var note = Assert.Single(gitLab.Notes);
        Assert.Equal($"{Marker}\ncommit 2: AUC 0.93", note.Body);
        var put = Assert.Single(gitLab.Requests, r => r.Method == "PUT");
        Assert.Equal($"/api/v4/projects/42/merge_requests/7/notes/{first.NoteId}", put.RawUrl);
    }

    [Fact]
    public async Task UpsertMergeRequestNote_EveryRequest_SendsTokenAsPrivateTokenHeader()
    {
        await using var gitLab = new FakeGitLabNotesServer(Token);

        await Client(gitLab).UpsertMergeRequestNoteAsync("42", 7, "report", CancellationToken.None);

        Assert.NotEmpty(gitLab.Requests);
        Assert.All(gitLab.Requests, r => Assert.Equal(Token, r.PrivateToken));
    }

    [Fact]
    public async Task UpsertMergeRequestNote_ListsNotes_OldestFirstHundredPerPage()
    {
        await using var gitLab = new FakeGitLabNotesServer(Token);

        await Client(gitLab).UpsertMergeRequestNoteAsync("42", 7, "report", CancellationToken.None);

        var list = Assert.Single(gitLab.Requests, r => r.Method == "GET" && r.RawUrl.Contains("/notes", StringComparison.Ordinal));
        Assert.Equal("/api/v4/projects/42/merge_requests/7/notes?per_page=100&sort=asc&order_by=created_at", list.RawUrl);
    }

    [Fact]
    public async Task UpsertMergeRequestNote_BodyAlreadyHasMarker_SendsBodyUnchanged()
    {
        await using var gitLab = new FakeGitLabNotesServer(Token);
        var body = $"## Report\n\n{Marker}\n";

        await Client(gitLab).UpsertMergeRequestNoteAsync("42", 7, body, CancellationToken.None);

        Assert.Equal(body, Assert.Single(gitLab.Notes).Body);
    }

    [Fact]
    public async Task UpsertMergeRequestNote_SystemNotesAndOtherUsersNotesWithoutMarker_AreIgnored()
    {
        await using var gitLab = new FakeGitLabNotesServer(Token);
        gitLab.AddNote($"added 1 commit {Marker}", author: "alice", system: true);
        gitLab.AddNote("Looks good, but what about recall?", author: "bob");
        gitLab.AddNote("mlops report will follow", author: FakeGitLabNotesServer.TokenUser);

        var result = await Client(gitLab).UpsertMergeRequestNoteAsync("42", 7, "report", CancellationToken.None);

        Assert.Equal(GitLabNoteUpsertOutcome.Created, result.Outcome);
        Assert.Equal(4, gitLab.Notes.Count);
        Assert.DoesNotContain(gitLab.Requests, r => r.Method == "PUT");
    }

    [Fact]
    public async Task UpsertMergeRequestNote_MarkerOnSecondPage_UpdatesThatNote()
    {
        await using var gitLab = new FakeGitLabNotesServer(Token, maxPerPage: 2);
        gitLab.AddNote("first review comment", author: "bob");
        gitLab.AddNote("added 2 commits", system: true);
        var report = gitLab.AddNote($"{Marker}\nold report", author: FakeGitLabNotesServer.TokenUser);
        gitLab.AddNote("thanks!", author: "alice");

        var result = await Client(gitLab).UpsertMergeRequestNoteAsync("42", 7, "new report", CancellationToken.None);

        Assert.Equal(GitLabNoteUpsertOutcome.Updated, result.Outcome);
        Assert.Equal(report.Id, result.NoteId);
        Assert.Equal(4, gitLab.Notes.Count);
        Assert.Equal($"{Marker}\nnew report", gitLab.Notes.Single(n => n.Id == report.Id).Body);
        Assert.Contains(gitLab.Requests, r => r.Method == "GET" && r.RawUrl.EndsWith("&page=2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UpsertMergeRequestNote_ProjectPath_IsUrlEncodedInRequestPath()
    {
        await using var gitLab = new FakeGitLabNotesServer(Token, rawProjectId: "group%2Fproject");

        var result = await Client(gitLab).UpsertMergeRequestNoteAsync("group/project", 7, "report", CancellationToken.None);

        Assert.Equal(GitLabNoteUpsertOutcome.Created, result.Outcome);
        Assert.All(gitLab.Requests, r => Assert.StartsWith("/api/v4/projects/group%2Fproject/merge_requests/7", r.RawUrl, StringComparison.Ordinal));
    }

    [Fact]
    public async Task UpsertMergeRequestNote_Written_ReturnsNoteWebUrl()
    {
        await using var gitLab = new FakeGitLabNotesServer(Token);

        var result = await Client(gitLab).UpsertMergeRequestNoteAsync("42", 7, "report", CancellationToken.None);

        Assert.Equal(new Uri($"{gitLab.MergeRequestWebUrl}#note_{result.NoteId}"), result.WebUrl);
    }

    [Fact]
    public async Task UpsertMergeRequestNote_WrongToken_ThrowsNamingTokenVariableAndScopeWithoutToken()
    {
        await using var gitLab = new FakeGitLabNotesServer("glpat-the-right-one");

        var error = await Assert.ThrowsAsync<MlOpsException>(() => Client(gitLab).UpsertMergeRequestNoteAsync("42", 7, "report", CancellationToken.None));

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.Contains(GitLabNoteSettings.TokenVariableName, error.Message, StringComparison.Ordinal);
        Assert.Contains("'api' scope", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpsertMergeRequestNote_ReportNoteByAnotherUser_ThrowsForbiddenNamingTokenVariable()
    {
        await using var gitLab = new FakeGitLabNotesServer(Token);
        gitLab.AddNote($"{Marker}\nreport posted with an older token", author: "former-bot");

        var error = await Assert.ThrowsAsync<MlOpsException>(() => Client(gitLab).UpsertMergeRequestNoteAsync("42", 7, "report", CancellationToken.None));

        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Contains(GitLabNoteSettings.TokenVariableName, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpsertMergeRequestNote_UnknownMergeRequest_ThrowsNotFoundNamingProjectAndMergeRequest()
    {
        await using var gitLab = new FakeGitLabNotesServer(Token);

        var error = await Assert.ThrowsAsync<MlOpsException>(() => Client(gitLab).UpsertMergeRequestNoteAsync("42", 99, "report", CancellationToken.None));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Contains("!99", error.Message, StringComparison.Ordinal);
        Assert.Contains("'42'", error.Message, StringComparison.Ordinal);
        Assert.Equal("42!99", error.ResourceName);
    }

    [Fact]
    public async Task UpsertMergeRequestNote_ServerError_ThrowsWithStatusCode()
    {
        await using var gitLab = new FakeGitLabNotesServer(Token) { ForcedStatus = HttpStatusCode.BadGateway };

        var error = await Assert.ThrowsAsync<MlOpsException>(() => Client(gitLab).UpsertMergeRequestNoteAsync("42", 7, "report", CancellationToken.None));

        Assert.Equal(HttpStatusCode.BadGateway, error.StatusCode);
        Assert.Contains("502", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("42", 7, "")]
    [InlineData("42", 7, "  \n ")]
    [InlineData("42", 0, "report")]
    [InlineData("42", -3, "report")]
    [InlineData(" ", 7, "report")]
    public async Task UpsertMergeRequestNote_InvalidInput_ThrowsValidationWithoutHttpCall(string projectId, int mergeRequestIid, string body)
    {
        await using var gitLab = new FakeGitLabNotesServer(Token);

        await Assert.ThrowsAsync<MlOpsValidationException>(() => Client(gitLab).UpsertMergeRequestNoteAsync(projectId, mergeRequestIid, body, CancellationToken.None));

        Assert.Empty(gitLab.Requests);
    }

    [Fact]
    public async Task UpsertMergeRequestNote_BodyOverGitLabLimitWithMarker_ThrowsValidationWithoutHttpCall()
    {
        await using var gitLab = new FakeGitLabNotesServer(Token);
        var body = new string('x', GitLabNotesClient.MaxNoteLength - Marker.Length); // fits alone, not with the marker's line

        var error = await Assert.ThrowsAsync<MlOpsValidationException>(() => Client(gitLab).UpsertMergeRequestNoteAsync("42", 7, body, CancellationToken.None));

        Assert.Equal("body", error.FieldName);
        Assert.Empty(gitLab.Requests);
    }

    private static GitLabNotesClient Client(FakeGitLabNotesServer gitLab) => new(Http, new GitLabNoteSettings(gitLab.ApiBaseUrl, Token));
}
