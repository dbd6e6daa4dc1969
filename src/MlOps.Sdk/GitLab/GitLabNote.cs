namespace MlOps.Sdk.GitLab;

/// <summary>The fields of a GitLab note (<c>GET /projects/:id/merge_requests/:iid/notes</c>) the client reads.</summary>
internal sealed record GitLabNote
{
    public long Id { get; init; }

    public string? Body { get; init; }

    /// <summary>GitLab's own notes ("added 1 commit", "changed the description"): never the report.</summary>
    public bool System { get; init; }

    public GitLabNoteAuthor? Author { get; init; }
}
