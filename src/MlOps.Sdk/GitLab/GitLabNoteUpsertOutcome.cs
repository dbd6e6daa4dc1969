namespace MlOps.Sdk.GitLab;

/// <summary>What <see cref="GitLabNotesClient.UpsertMergeRequestNoteAsync"/> did to the merge request.</summary>
public enum GitLabNoteUpsertOutcome
{
    /// <summary>No note carried the marker yet, so a new note was posted.</summary>
    Created,

    /// <summary>The note that carries the marker was rewritten in place.</summary>
    Updated,
}
