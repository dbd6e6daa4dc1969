namespace MlOps.Sdk.Tests.GitLab;

/// <summary>A note <see cref="FakeGitLabNotesServer"/> holds.</summary>
public sealed record FakeNote(long Id, string Body, bool System, string Author);
