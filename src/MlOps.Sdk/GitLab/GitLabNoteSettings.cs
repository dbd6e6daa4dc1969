using System.Globalization;

namespace MlOps.Sdk.GitLab;

/// <summary>
/// Where <see cref="GitLabNotesClient"/> calls GitLab and with which token. The token is kept out of
/// <see cref="ToString"/> and out of every message the client writes.
/// </summary>
/// <remarks>
/// Only a project, group or personal access token with the <c>api</c> scope, sent as <c>PRIVATE-TOKEN</c>, will do.
/// The job's own <c>CI_JOB_TOKEN</c> is deliberately not used: GitLab lets a job token call only
/// <c>GET /projects/:id/merge_requests/:merge_request_iid/notes</c> and <c>GET …/notes/:note_id</c> of the Notes API,
/// so it could find the report note but never create or update it
/// (<see href="https://docs.gitlab.com/ci/jobs/ci_job_token/#job-token-access">GitLab CI/CD job token: job token access</see>).
/// Reading with the job token and writing with an access token would still need the access token, so it would only add
/// a second way to fail.
/// </remarks>
public sealed class GitLabNoteSettings
{
    /// <summary>The CI/CD variable that holds the access token: masked, and not protected if merge requests from unprotected branches should get a report note.</summary>
    public const string TokenVariableName = "MLOPS_GITLAB_TOKEN";

    /// <summary>The token scope creating and updating merge-request notes needs.</summary>
    public const string RequiredTokenScope = "api";

    /// <summary>
    /// The hidden marker that tells the report note apart from every other note: an HTML comment, which GitLab's
    /// Markdown does not show.
    /// </summary>
    public const string DefaultMarker = "<!-- mlops-sdk:report -->";

    /// <summary>Creates settings for a GitLab REST API and an access token.</summary>
    /// <param name="apiBaseUrl">The REST API v4 root, such as <c>CI_API_V4_URL</c> (<c>https://gitlab.example.com/api/v4</c>).</param>
    /// <param name="accessToken">A project, group or personal access token with the <c>api</c> scope.</param>
    /// <exception cref="MlOpsValidationException">The URL is not absolute http(s), or the token is empty or not one line of visible characters.</exception>
    public GitLabNoteSettings(Uri apiBaseUrl, string accessToken)
    {
        ArgumentNullException.ThrowIfNull(apiBaseUrl);
        if (!apiBaseUrl.IsAbsoluteUri || (apiBaseUrl.Scheme != Uri.UriSchemeHttps && apiBaseUrl.Scheme != Uri.UriSchemeHttp))
        {
            throw new MlOpsValidationException("CI_API_V4_URL", $"'{apiBaseUrl}' must be an absolute http:// or https:// URL");
        }

        // Checked here, because HttpClient's own header check would put the value (the token) in its error message.
        if (string.IsNullOrEmpty(accessToken) || accessToken.Any(c => c <= ' ' || c == '\u007f'))
        {
            throw new MlOpsValidationException(TokenVariableName, "must be an access token: not empty, one line, no spaces");
        }

        ApiBaseUrl = apiBaseUrl;
        AccessToken = accessToken;
    }

    /// <summary>The REST API v4 root, such as <c>https://gitlab.example.com/api/v4</c>.</summary>
    public Uri ApiBaseUrl { get; }

    /// <summary>The access token, sent as the <c>PRIVATE-TOKEN</c> header. Never written to a message or log.</summary>
    public string AccessToken { get; }

    /// <summary>The marker the report note carries; <see cref="DefaultMarker"/> unless two reports share a merge request.</summary>
    /// <exception cref="MlOpsValidationException">The marker is empty or blank.</exception>
    public string Marker
    {
        get;
        init => field = string.IsNullOrWhiteSpace(value)
            ? throw new MlOpsValidationException(nameof(Marker), "must not be empty")
            : value;
    } = DefaultMarker;

    /// <summary>Reads the settings and the merge request to write to from the process environment.</summary>
    /// <returns>The settings and the merge request, or why the report note cannot be written.</returns>
    public static GitLabNoteEnvironment FromEnvironment() => FromVariables(Environment.GetEnvironmentVariable);

    /// <summary>
    /// Reads <c>CI_API_V4_URL</c>, the project (<c>CI_MERGE_REQUEST_PROJECT_ID</c>, else <c>CI_PROJECT_ID</c>),
    /// <c>CI_MERGE_REQUEST_IID</c> and <see cref="TokenVariableName"/> through <paramref name="getVariable"/>.
    /// </summary>
    /// <remarks>
    /// A missing or malformed variable is not an error: the result says why, and the stage keeps the report as a job
    /// artifact only. The project of the merge request is preferred over <c>CI_PROJECT_ID</c> because a merge request
    /// from a fork can run its pipeline in the fork, whose id is not the project the merge request's iid belongs to.
    /// </remarks>
    /// <param name="getVariable">Reads one variable; returns <see langword="null"/> when it is not set.</param>
    /// <returns>The settings and the merge request, or why the report note cannot be written.</returns>
    public static GitLabNoteEnvironment FromVariables(Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        string? Read(string name) => getVariable(name) is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

        var reasons = new List<string>();

        var iidText = Read("CI_MERGE_REQUEST_IID");
        int iid = 0;
        if (iidText is null)
        {
            reasons.Add("CI_MERGE_REQUEST_IID is not set: this is not a merge-request pipeline");
        }
        else if (!int.TryParse(iidText, NumberStyles.None, CultureInfo.InvariantCulture, out iid) || iid <= 0)
        {
            reasons.Add($"CI_MERGE_REQUEST_IID must be a positive whole number (got '{iidText}')");
        }

        var projectId = Read("CI_MERGE_REQUEST_PROJECT_ID") ?? Read("CI_PROJECT_ID");
        if (projectId is null)
        {
            reasons.Add("neither CI_MERGE_REQUEST_PROJECT_ID nor CI_PROJECT_ID is set");
        }

        var apiText = Read("CI_API_V4_URL");
        Uri? api = null;
        if (apiText is null)
        {
            reasons.Add("CI_API_V4_URL is not set");
        }
        else if (!Uri.TryCreate(apiText, UriKind.Absolute, out api) || (api.Scheme != Uri.UriSchemeHttps && api.Scheme != Uri.UriSchemeHttp))
        {
            reasons.Add($"CI_API_V4_URL '{apiText}' is not an absolute http:// or https:// URL");
            api = null;
        }

        // Only the token's presence and shape are reported, never its value.
        var token = Read(TokenVariableName);
        if (token is null)
        {
            reasons.Add(
                $"{TokenVariableName} is not set: add a masked CI/CD variable holding a project or personal access token with the '{RequiredTokenScope}' scope " +
                "(if it is protected, pipelines of unprotected branches do not get it); CI_JOB_TOKEN cannot stand in, because GitLab lets a job token only read merge-request notes, not create or update them");
        }
        else if (token.Any(c => c <= ' ' || c == '\u007f'))
        {
            reasons.Add($"{TokenVariableName} is not an access token: it holds spaces or several lines");
        }

        if (reasons.Count > 0)
        {
            return GitLabNoteEnvironment.NotConfigured(string.Join("; ", reasons));
        }

        return GitLabNoteEnvironment.Configured(new GitLabNoteSettings(api!, token!), projectId!, iid);
    }

    /// <summary>Describes the settings without the token.</summary>
    /// <returns>The API root and the marker.</returns>
    public override string ToString() => $"GitLab {ApiBaseUrl} (token from {TokenVariableName}, marker {Marker})";
}
