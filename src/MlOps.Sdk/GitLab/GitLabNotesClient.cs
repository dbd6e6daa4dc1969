using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace MlOps.Sdk.GitLab;

/// <summary>
/// Keeps a report as ONE note on a GitLab merge request: the first call posts it, each later call (a new commit, a new
/// pipeline) rewrites that same note, found by the hidden marker it carries, instead of adding another.
/// </summary>
/// <remarks>
/// Calls the REST API v4 Notes API with <c>PRIVATE-TOKEN</c>; see <see cref="GitLabNoteSettings"/> for why the job
/// token cannot be used. Not safe against two jobs of the same merge request upserting at the same moment (both may
/// find no note and both post one); the template runs the report job once per pipeline.
/// </remarks>
public sealed class GitLabNotesClient
{
    /// <summary>GitLab's limit on a note's length (<c>Note is too long (maximum is 1000000 characters)</c>).</summary>
    public const int MaxNoteLength = 1_000_000;

    // GitLab's largest page; fewer round trips on long merge requests.
    private const int PageSize = 100;

    // A safety stop against a server whose X-Next-Page never ends: a million notes is beyond any real merge request.
    private const int MaxPages = 10_000;

    // GitLab's error bodies are short JSON ({"message":"404 Not found"}); more than this is noise in an exception.
    private const int MaxErrorDetailLength = 300;

    private readonly HttpClient _httpClient;
    private readonly GitLabNoteSettings _settings;

    /// <summary>Creates a client that calls GitLab through <paramref name="httpClient"/>.</summary>
    /// <param name="httpClient">The HTTP client; its base address and default headers are not used, so it can be shared.</param>
    /// <param name="settings">The API root, the token and the marker.</param>
    public GitLabNotesClient(HttpClient httpClient, GitLabNoteSettings settings)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(settings);
        _httpClient = httpClient;
        _settings = settings;
    }

    /// <summary>
    /// Writes <paramref name="body"/> as the merge request's report note: updates the first non-system note that
    /// contains the marker, or posts a new note when there is none. The marker is put at the top of the body unless the
    /// body already contains it.
    /// </summary>
    /// <param name="projectId">The project's numeric id (<c>CI_PROJECT_ID</c>) or its path (<c>group/project</c>, URL-encoded by the client).</param>
    /// <param name="mergeRequestIid">The merge request's iid within the project (<c>CI_MERGE_REQUEST_IID</c>).</param>
    /// <param name="body">The report's Markdown.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>Whether the note was created or updated, its id and, when GitLab says where the merge request is, its web address.</returns>
    /// <exception cref="MlOpsValidationException">An argument breaks a rule; no call was made.</exception>
    /// <exception cref="MlOpsException">GitLab refused or failed a call, or could not be reached.</exception>
    public async Task<GitLabNoteUpsertResult> UpsertMergeRequestNoteAsync(string projectId, int mergeRequestIid, string body, CancellationToken cancellationToken)
    {
        var text = ValidateAndMark(projectId, mergeRequestIid, body);
        var mergeRequestPath = $"projects/{Uri.EscapeDataString(projectId)}/merge_requests/{mergeRequestIid.ToString(CultureInfo.InvariantCulture)}";
        var target = new NoteTarget(projectId, mergeRequestIid, mergeRequestPath);

        var existing = await FindReportNoteAsync(target, cancellationToken).ConfigureAwait(false);
        GitLabNote written;
        GitLabNoteUpsertOutcome outcome;
        if (existing is null)
        {
            written = await SendNoteAsync(HttpMethod.Post, $"{mergeRequestPath}/notes", text, target, cancellationToken).ConfigureAwait(false);
            outcome = GitLabNoteUpsertOutcome.Created;
        }
        else
        {
            written = await SendNoteAsync(HttpMethod.Put, $"{mergeRequestPath}/notes/{existing.Id.ToString(CultureInfo.InvariantCulture)}", text, target, cancellationToken).ConfigureAwait(false);
            outcome = GitLabNoteUpsertOutcome.Updated;
        }

        var noteId = written.Id != 0 ? written.Id : existing?.Id ?? 0;
        var webUrl = await FindNoteWebUrlAsync(target, noteId, cancellationToken).ConfigureAwait(false);
        return new GitLabNoteUpsertResult(outcome, noteId, webUrl);
    }

    private string ValidateAndMark(string projectId, int mergeRequestIid, string body)
    {
        if (string.IsNullOrWhiteSpace(projectId))
        {
            throw new MlOpsValidationException(nameof(projectId), "must be the project's numeric id or its path (group/project)");
        }

        if (mergeRequestIid <= 0)
        {
            throw new MlOpsValidationException(nameof(mergeRequestIid), $"must be a positive merge request iid (got {mergeRequestIid.ToString(CultureInfo.InvariantCulture)})", projectId);
        }

        if (string.IsNullOrWhiteSpace(body))
        {
            throw new MlOpsValidationException(nameof(body), "must not be empty", projectId);
        }

        var text = body.Contains(_settings.Marker, StringComparison.Ordinal) ? body : $"{_settings.Marker}\n{body}";

        // GitLab counts characters; UTF-16 length is never fewer, so this never lets through a note GitLab would refuse.
        if (text.Length > MaxNoteLength)
        {
            throw new MlOpsValidationException(
                nameof(body),
                $"must be at most {MaxNoteLength.ToString(CultureInfo.InvariantCulture)} characters with the marker, GitLab's note limit (got {text.Length.ToString(CultureInfo.InvariantCulture)})",
                projectId);
        }

        return text;
    }

    private async Task<GitLabNote?> FindReportNoteAsync(NoteTarget target, CancellationToken cancellationToken)
    {
        // Oldest first, so the note the first upsert created wins over any later note that happens to quote the marker.
        var query = $"{target.MergeRequestPath}/notes?per_page={PageSize.ToString(CultureInfo.InvariantCulture)}&sort=asc&order_by=created_at";
        var page = 1;
        for (var fetched = 0; fetched < MaxPages; fetched++)
        {
            var path = page == 1 ? query : $"{query}&page={page.ToString(CultureInfo.InvariantCulture)}";
            using var request = CreateRequest(HttpMethod.Get, path);
            using var response = await SendAsync(request, target, cancellationToken).ConfigureAwait(false);
            await ThrowIfFailedAsync(response, "list the notes of", target, cancellationToken).ConfigureAwait(false);

            var notes = await ReadJsonAsync(response, GitLabJsonContext.Default.ListGitLabNote, "list the notes of", target, cancellationToken).ConfigureAwait(false) ?? [];
            var report = notes.FirstOrDefault(n => !n.System && n.Body is not null && n.Body.Contains(_settings.Marker, StringComparison.Ordinal));
            if (report is not null)
            {
                return report;
            }

            // GitLab sends X-Next-Page empty on the last page.
            var nextText = response.Headers.TryGetValues("X-Next-Page", out var values) ? values.FirstOrDefault() : null;
            if (string.IsNullOrWhiteSpace(nextText))
            {
                return null;
            }

            if (!int.TryParse(nextText, NumberStyles.None, CultureInfo.InvariantCulture, out var next) || next <= page)
            {
                throw new MlOpsException(
                    $"GitLab answered page {page.ToString(CultureInfo.InvariantCulture)} of the notes of {target} with X-Next-Page '{nextText}', which does not move forward; stopping to avoid an endless listing.",
                    MlOpsErrorCodes.InvalidResponse,
                    response.StatusCode,
                    target.ResourceName);
            }

            page = next;
        }

        throw new MlOpsException(
            $"The notes of {target} run past {MaxPages.ToString(CultureInfo.InvariantCulture)} pages; stopping to avoid an endless listing.",
            MlOpsErrorCodes.InvalidResponse,
            null,
            target.ResourceName);
    }

    private async Task<GitLabNote> SendNoteAsync(HttpMethod method, string path, string text, NoteTarget target, CancellationToken cancellationToken)
    {
        var action = method == HttpMethod.Post ? "create a note on" : "update the report note on";
        using var request = CreateRequest(method, path);
        request.Content = JsonContent.Create(new GitLabNoteBody(text), GitLabJsonContext.Default.GitLabNoteBody);
        using var response = await SendAsync(request, target, cancellationToken).ConfigureAwait(false);
        await ThrowIfFailedAsync(response, action, target, cancellationToken).ConfigureAwait(false);
        return await ReadJsonAsync(response, GitLabJsonContext.Default.GitLabNote, action, target, cancellationToken).ConfigureAwait(false)
            ?? throw new MlOpsException($"GitLab answered the request to {action} {target} with no note.", MlOpsErrorCodes.InvalidResponse, response.StatusCode, target.ResourceName);
    }

    /// <summary>
    /// The note's web address. GitLab's note JSON has none, so it is the merge request's <c>web_url</c> plus
    /// <c>#note_&lt;id&gt;</c>; a link is a nicety, so any failure here gives <see langword="null"/> rather than failing an
    /// upsert that has already succeeded.
    /// </summary>
    private async Task<Uri?> FindNoteWebUrlAsync(NoteTarget target, long noteId, CancellationToken cancellationToken)
    {
        if (noteId == 0)
        {
            return null;
        }

        try
        {
            using var request = CreateRequest(HttpMethod.Get, target.MergeRequestPath);
            using var response = await _httpClient.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            var mergeRequest = await response.Content.ReadFromJsonAsync(GitLabJsonContext.Default.GitLabMergeRequest, cancellationToken).ConfigureAwait(false);
            return Uri.TryCreate($"{mergeRequest?.WebUrl}#note_{noteId.ToString(CultureInfo.InvariantCulture)}", UriKind.Absolute, out var url) ? url : null;
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException)
        {
            return null;
        }
    }

    private HttpRequestMessage CreateRequest(HttpMethod method, string path)
    {
        var root = _settings.ApiBaseUrl.AbsoluteUri.TrimEnd('/');
        var request = new HttpRequestMessage(method, new Uri($"{root}/{path}", UriKind.Absolute));

        // Per request rather than on the HttpClient, so a shared client never carries the token to another host.
        request.Headers.TryAddWithoutValidation("PRIVATE-TOKEN", _settings.AccessToken);
        request.Headers.Accept.ParseAdd("application/json");
        return request;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, NoteTarget target, CancellationToken cancellationToken)
    {
        try
        {
            return await _httpClient.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            // The exception's message names the host at most; the token is only ever in a header.
            throw new MlOpsException(
                $"Could not reach GitLab at {_settings.ApiBaseUrl.GetLeftPart(UriPartial.Authority)} for {target}: {ex.Message}",
                "NetworkError",
                null,
                target.ResourceName,
                ex);
        }
    }

    private async Task ThrowIfFailedAsync(HttpResponseMessage response, string action, NoteTarget target, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var status = (int)response.StatusCode;
        var detail = await ReadErrorDetailAsync(response, cancellationToken).ConfigureAwait(false);
        var answered = $"GitLab answered {status.ToString(CultureInfo.InvariantCulture)} {response.ReasonPhrase}{detail}";
        throw response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => new MlOpsException(
                $"Could not {action} {target}: {answered}. The token in the CI/CD variable {GitLabNoteSettings.TokenVariableName} is missing, expired or revoked: " +
                $"set it to a project or personal access token with the '{GitLabNoteSettings.RequiredTokenScope}' scope.",
                "Unauthorized",
                response.StatusCode,
                target.ResourceName),
            HttpStatusCode.Forbidden => new MlOpsException(
                $"Could not {action} {target}: {answered}. The token in the CI/CD variable {GitLabNoteSettings.TokenVariableName} may not do this: " +
                $"it needs the '{GitLabNoteSettings.RequiredTokenScope}' scope and a role in the project that may comment on merge requests (a note written by another user cannot be updated).",
                "Forbidden",
                response.StatusCode,
                target.ResourceName),
            HttpStatusCode.NotFound => new MlOpsException(
                $"Could not {action} {target}: {answered}. Check the project and the merge request exist, and that the token in {GitLabNoteSettings.TokenVariableName} can see the project (GitLab answers 404 for projects a token may not read).",
                "NotFound",
                response.StatusCode,
                target.ResourceName),
            _ => new MlOpsException(
                $"Could not {action} {target}: {answered}.",
                "GitLabRequestFailed",
                response.StatusCode,
                target.ResourceName),
        };
    }

    private async Task<string> ReadErrorDetailAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException)
        {
            return string.Empty;
        }

        text = text.Trim();
        if (text.Length == 0)
        {
            return string.Empty;
        }

        if (text.Length > MaxErrorDetailLength)
        {
            text = string.Concat(text.AsSpan(0, MaxErrorDetailLength), "…");
        }

        // GitLab does not echo tokens, but a proxy in front of it might: the token never reaches a message.
        return ": " + text.Replace(_settings.AccessToken, "[token]", StringComparison.Ordinal);
    }

    private static async Task<T?> ReadJsonAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> typeInfo, string action, NoteTarget target, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync(typeInfo, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            throw new MlOpsException($"GitLab answered the request to {action} {target} with JSON the SDK cannot read: {ex.Message}", MlOpsErrorCodes.InvalidResponse, response.StatusCode, target.ResourceName, ex);
        }
    }

    /// <summary>The merge request a call concerns, named in messages the way GitLab writes it (<c>group/project!7</c>).</summary>
    private sealed record NoteTarget(string ProjectId, int MergeRequestIid, string MergeRequestPath)
    {
        /// <summary>The resource name errors carry: <c>group/project!7</c>, GitLab's own short reference.</summary>
        public string ResourceName => $"{ProjectId}!{MergeRequestIid.ToString(CultureInfo.InvariantCulture)}";

        public override string ToString() => $"merge request !{MergeRequestIid.ToString(CultureInfo.InvariantCulture)} of project '{ProjectId}'";
    }
}
