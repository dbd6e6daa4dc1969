namespace MlOps.Sdk.Packaging;

/// <summary>
/// The commit and merge request data that release notes are written from; every part is optional.
/// In GitLab CI: <c>CI_COMMIT_TITLE</c>, <c>CI_COMMIT_MESSAGE</c>, <c>CI_COMMIT_AUTHOR</c>, <c>CI_MERGE_REQUEST_TITLE</c>,
/// <c>CI_MERGE_REQUEST_DESCRIPTION</c> and <c>CI_MERGE_REQUEST_PROJECT_URL</c>.
/// </summary>
public sealed record ReleaseNotes
{
    /// <summary>The commit's title line.</summary>
    public string? CommitTitle { get; init; }

    /// <summary>The full commit message.</summary>
    public string? CommitMessage { get; init; }

    /// <summary>The commit's author, such as <c>Jane Doe &lt;jane@example.com&gt;</c>.</summary>
    public string? CommitAuthor { get; init; }

    /// <summary>The merge request's title.</summary>
    public string? MergeRequestTitle { get; init; }

    /// <summary>The merge request's description.</summary>
    public string? MergeRequestDescription { get; init; }

    /// <summary>The merge request's web URL.</summary>
    public string? MergeRequestUrl { get; init; }

    /// <summary>Reads the notes from GitLab CI's predefined variables.</summary>
    /// <param name="getVariable">Reads a variable, such as <see cref="Environment.GetEnvironmentVariable(string)"/>.</param>
    /// <returns>The notes; parts whose variable is unset are <see langword="null"/>.</returns>
    public static ReleaseNotes FromGitLabCi(Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        string? Get(string name) => getVariable(name) is { Length: > 0 } value ? value : null;
        var projectUrl = Get("CI_MERGE_REQUEST_PROJECT_URL");
        var iid = Get("CI_MERGE_REQUEST_IID");
        return new ReleaseNotes
        {
            CommitTitle = Get("CI_COMMIT_TITLE"),
            CommitMessage = Get("CI_COMMIT_MESSAGE"),
            CommitAuthor = Get("CI_COMMIT_AUTHOR"),
            MergeRequestTitle = Get("CI_MERGE_REQUEST_TITLE"),
            MergeRequestDescription = Get("CI_MERGE_REQUEST_DESCRIPTION"),
            MergeRequestUrl = projectUrl is not null && iid is not null ? $"{projectUrl}/-/merge_requests/{iid}" : null,
        };
    }
}
