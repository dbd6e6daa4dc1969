using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

using MlOps.Sdk.Tests.Fixtures;

namespace MlOps.Sdk.Tests.GitLab;

/// <summary>
/// A GitLab REST API v4 on a free loopback port that answers the merge-request Notes API the way GitLab does: it checks
/// the path, the method, the <c>PRIVATE-TOKEN</c> header and the JSON body; lists notes in pages with <c>X-Next-Page</c>;
/// lets a user update only their own notes (403 otherwise); answers 401 to a wrong token and 404 to an unknown project
/// or merge request. Holds one project and one merge request.
/// </summary>
public sealed class FakeGitLabNotesServer : IAsyncDisposable
{
    public const string TokenUser = "project_42_bot";

    private readonly HttpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly List<FakeNote> _notes = [];
    private readonly List<FakeRequest> _requests = [];
    private readonly object _gate = new();
    private long _nextId = 1000;

    /// <param name="rawProjectId">The project as it appears in the request path, URL-encoded (<c>42</c>, <c>group%2Fproject</c>).</param>
    public FakeGitLabNotesServer(string token, string rawProjectId = "42", int mergeRequestIid = 7, int maxPerPage = 100)
    {
        Token = token;
        RawProjectId = rawProjectId;
        MergeRequestIid = mergeRequestIid;
        MaxPerPage = maxPerPage;
        (_listener, ApiBaseUrl) = StartOnFreePort();
        _loop = Task.Run(() => LoopbackHttpListener.AcceptUntilStoppedAsync(_listener, HandleOrAnswer500Async, _stop.Token));
    }

    public string Token { get; }

    public string RawProjectId { get; }

    public int MergeRequestIid { get; }

    /// <summary>GitLab caps <c>per_page</c> at 100; a lower cap makes a few notes span several pages.</summary>
    public int MaxPerPage { get; }

    /// <summary>When set, every request is answered with this status and a GitLab-style error body.</summary>
    public HttpStatusCode? ForcedStatus { get; set; }

    public Uri ApiBaseUrl { get; }

    public Uri MergeRequestWebUrl => new($"https://gitlab.example.com/group/project/-/merge_requests/{MergeRequestIid}");

    public IReadOnlyList<FakeNote> Notes
    {
        get { lock (_gate) { return [.. _notes]; } }
    }

    public IReadOnlyList<FakeRequest> Requests
    {
        get { lock (_gate) { return [.. _requests]; } }
    }

    public FakeNote AddNote(string body, string author = "alice", bool system = false)
    {
        lock (_gate)
        {
            var note = new FakeNote(_nextId++, body, system, author);
            _notes.Add(note);
            return note;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _loop;
        _listener.Close();
        _stop.Dispose();
    }

    private static (HttpListener Listener, Uri ApiBaseUrl) StartOnFreePort()
    {
        var (listener, port) = LoopbackHttpListener.StartOnFreePort();
        return (listener, new Uri($"http://127.0.0.1:{port}/api/v4"));
    }

    private async Task HandleOrAnswer500Async(HttpListenerContext context)
    {
        try
        {
            await HandleAsync(context);
        }
        catch (Exception ex)
        {
            await WriteAsync(context.Response, HttpStatusCode.InternalServerError, new JsonObject { ["message"] = "fake: " + ex.Message });
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var request = context.Request;
        using var reader = new StreamReader(request.InputStream, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();

        // RawUrl keeps the path as sent (still URL-encoded), which is what GitLab routes on.
        var rawUrl = request.RawUrl ?? string.Empty;
        var recorded = new FakeRequest(request.HttpMethod, rawUrl, request.Headers["PRIVATE-TOKEN"], request.ContentType, body);
        lock (_gate)
        {
            _requests.Add(recorded);
        }

        var response = context.Response;
        if (ForcedStatus is { } forced)
        {
            await WriteAsync(response, forced, new JsonObject { ["message"] = $"{(int)forced} {forced}" });
            return;
        }

        if (recorded.PrivateToken != Token)
        {
            await WriteAsync(response, HttpStatusCode.Unauthorized, new JsonObject { ["message"] = "401 Unauthorized" });
            return;
        }

        var questionMark = rawUrl.IndexOf('?', StringComparison.Ordinal);
        var path = questionMark < 0 ? rawUrl : rawUrl[..questionMark];
        var query = questionMark < 0 ? string.Empty : rawUrl[(questionMark + 1)..];
        var mergeRequestPath = $"/api/v4/projects/{RawProjectId}/merge_requests/{MergeRequestIid}";
        var notesPath = mergeRequestPath + "/notes";

        if (path == mergeRequestPath && request.HttpMethod == "GET")
        {
            await WriteAsync(response, HttpStatusCode.OK, new JsonObject
            {
                ["id"] = 5001,
                ["iid"] = MergeRequestIid,
                ["project_id"] = 42,
                ["title"] = "Retrain churn model",
                ["state"] = "opened",
                ["web_url"] = MergeRequestWebUrl.ToString(),
            });
        }
        else if (path == notesPath && request.HttpMethod == "GET")
        {
            await ListAsync(response, ParseQuery(query));
        }
        else if (path == notesPath && request.HttpMethod == "POST")
        {
            var text = ReadNoteBody(recorded);
            if (text is null)
            {
                await WriteAsync(response, HttpStatusCode.BadRequest, new JsonObject { ["error"] = "body is missing" });
                return;
            }

            await WriteAsync(response, HttpStatusCode.Created, ToJson(AddNote(text, TokenUser)));
        }
        else if (path.StartsWith(notesPath + "/", StringComparison.Ordinal) && request.HttpMethod == "PUT"
            && long.TryParse(path[(notesPath.Length + 1)..], out var noteId))
        {
            await UpdateAsync(response, noteId, ReadNoteBody(recorded));
        }
        else
        {
            await WriteAsync(response, HttpStatusCode.NotFound, new JsonObject { ["message"] = "404 Not found" });
        }
    }

    private async Task ListAsync(HttpListenerResponse response, Dictionary<string, string> query)
    {
        if (query.GetValueOrDefault("sort") != "asc" || query.GetValueOrDefault("order_by") != "created_at")
        {
            await WriteAsync(response, HttpStatusCode.BadRequest, new JsonObject { ["error"] = "fake: expected sort=asc&order_by=created_at" });
            return;
        }

        var perPage = Math.Min(int.Parse(query.GetValueOrDefault("per_page", "20")), MaxPerPage);
        var page = int.Parse(query.GetValueOrDefault("page", "1"));
        var all = Notes;
        var pageNotes = all.Skip((page - 1) * perPage).Take(perPage).ToList();
        var totalPages = Math.Max(1, (all.Count + perPage - 1) / perPage);

        response.Headers["X-Page"] = page.ToString();
        response.Headers["X-Per-Page"] = perPage.ToString();
        response.Headers["X-Total"] = all.Count.ToString();
        response.Headers["X-Total-Pages"] = totalPages.ToString();
        response.Headers["X-Next-Page"] = page < totalPages ? (page + 1).ToString() : string.Empty;
        await WriteAsync(response, HttpStatusCode.OK, new JsonArray([.. pageNotes.Select(ToJson)]));
    }

    private async Task UpdateAsync(HttpListenerResponse response, long noteId, string? text)
    {
        (HttpStatusCode Status, FakeNote? Note) answer;
        lock (_gate)
        {
            var index = _notes.FindIndex(n => n.Id == noteId);
            answer = index < 0 ? (HttpStatusCode.NotFound, null)
                : text is null ? (HttpStatusCode.BadRequest, null)
                : _notes[index].Author != TokenUser ? (HttpStatusCode.Forbidden, null) // GitLab: only the author may edit a note
                : (HttpStatusCode.OK, _notes[index] = _notes[index] with { Body = text });
        }

        JsonNode json = answer.Note is { } note ? ToJson(note) : new JsonObject { ["message"] = $"{(int)answer.Status} {answer.Status}" };
        await WriteAsync(response, answer.Status, json);
    }

    private static string? ReadNoteBody(FakeRequest request)
    {
        if (request.ContentType is null || !request.ContentType.StartsWith("application/json", StringComparison.Ordinal))
        {
            return null;
        }

        using var json = JsonDocument.Parse(request.Body);
        return json.RootElement.TryGetProperty("body", out var body) && body.ValueKind == JsonValueKind.String ? body.GetString() : null;
    }

    private static Dictionary<string, string> ParseQuery(string query) =>
        query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(parts => Uri.UnescapeDataString(parts[0]), parts => parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : string.Empty);

    private JsonObject ToJson(FakeNote note) => new()
    {
        ["id"] = note.Id,
        ["type"] = null,
        ["body"] = note.Body,
        ["attachment"] = null,
        ["author"] = new JsonObject
        {
            ["id"] = note.Author == TokenUser ? 77 : 12,
            ["username"] = note.Author,
            ["name"] = note.Author,
            ["state"] = "active",
            ["web_url"] = $"https://gitlab.example.com/{note.Author}",
        },
        ["created_at"] = "2026-11-27T10:55:00.000Z",
        ["updated_at"] = "2026-11-27T10:55:00.000Z",
        ["system"] = note.System,
        ["noteable_id"] = 5001,
        ["noteable_type"] = "MergeRequest",
        ["noteable_iid"] = MergeRequestIid,
        ["resolvable"] = false,
        ["confidential"] = false,
        ["internal"] = false,
    };

    private static async Task WriteAsync(HttpListenerResponse response, HttpStatusCode status, JsonNode json)
    {
        var bytes = Encoding.UTF8.GetBytes(json.ToJsonString());
        response.StatusCode = (int)status;
        response.ContentType = "application/json";
        response.ContentLength64 = bytes.Length;
        await response.OutputStream.WriteAsync(bytes);
        response.Close();
    }
}
