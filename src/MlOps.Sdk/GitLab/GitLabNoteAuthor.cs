namespace MlOps.Sdk.GitLab;

/// <summary>The author of a GitLab note, as far as the client reads it.</summary>
internal sealed record GitLabNoteAuthor
{
    public long Id { get; init; }

    public string? Username { get; init; }
}
