namespace MlOps.Sdk.GitLab;

/// <summary>The fields of a GitLab merge request (<c>GET /projects/:id/merge_requests/:iid</c>) the client reads.</summary>
internal sealed record GitLabMergeRequest
{
    public string? WebUrl { get; init; }
}
