namespace MlOps.Sdk.GitLab;

/// <summary>The JSON body of a note create (<c>POST</c>) or update (<c>PUT</c>): <c>{"body": "..."}</c>.</summary>
/// <param name="Body">The note's Markdown.</param>
internal sealed record GitLabNoteBody(string Body);
