namespace MlOps.Sdk.GitLab;

/// <summary>The merge-request note the report now lives in.</summary>
/// <param name="Outcome">Whether the note was created or updated in place.</param>
/// <param name="NoteId">GitLab's id of the note.</param>
/// <param name="WebUrl">
/// The note's address in GitLab's web UI (the merge request's <c>web_url</c> with <c>#note_&lt;id&gt;</c>), or
/// <see langword="null"/> when GitLab did not say where the merge request is.
/// </param>
public sealed record GitLabNoteUpsertResult(GitLabNoteUpsertOutcome Outcome, long NoteId, Uri? WebUrl);
