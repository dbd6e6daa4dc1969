namespace MlOps.Sdk.Tests.GitLab;

/// <summary>A request as <see cref="FakeGitLabNotesServer"/> received it; <see cref="RawUrl"/> is still URL-encoded.</summary>
public sealed record FakeRequest(string Method, string RawUrl, string? PrivateToken, string? ContentType, string Body);
