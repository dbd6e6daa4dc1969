using System.Text.Json;
using MlOps.Sdk.Tests.Fixtures;

namespace MlOps.Sdk.Tests.LocalWire;

/// <summary>
/// STS's AssumeRoleWithWebIdentity on the wire server: a job signs in to local mode exactly as a GitLab CI job signs in
/// to AWS, with its OIDC id token, and local mode refuses the tokens STS refuses (another audience, expired).
/// </summary>
public sealed class LocalWireStsTests(LocalWireFixture fixture) : IClassFixture<LocalWireFixture>, IDisposable
{
    private const string RoleArn = "arn:aws:iam::000000000000:role/mlops-candidate-ci";

    private readonly string _folder = Directory.CreateTempSubdirectory("mlops-wire-sts-").FullName;

    [Fact]
    public async Task AssumeRoleWithWebIdentity_AwsCliWithGitLabToken_ReturnsTemporaryCredentials()
    {
        var result = await fixture.Tools.AwsAsync("sts", "assume-role-with-web-identity", "--role-arn", RoleArn, "--role-session-name", "gitlab-job-1", "--web-identity-token", WebIdentityProbe.Token(), "--output", "json");

        Assert.True(result.ExitCode == 0, result.StandardError);
        using var answer = JsonDocument.Parse(result.StandardOutput);
        var credentials = answer.RootElement.GetProperty("Credentials");
        Assert.StartsWith("ASIA", credentials.GetProperty("AccessKeyId").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(credentials.GetProperty("SessionToken").GetString()));
        Assert.Equal("arn:aws:sts::000000000000:assumed-role/mlops-candidate-ci/gitlab-job-1", answer.RootElement.GetProperty("AssumedRoleUser").GetProperty("Arn").GetString());
    }

    [Fact]
    public async Task AssumeRoleWithWebIdentity_TokenForAnotherAudience_RefusedAsInvalidIdentityToken()
    {
        var result = await fixture.Tools.AwsAsync("sts", "assume-role-with-web-identity", "--role-arn", RoleArn, "--role-session-name", "gitlab-job-1", "--web-identity-token", WebIdentityProbe.Token(audience: "https://gitlab.example.com"));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("(InvalidIdentityToken)", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("Incorrect token audience", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AssumeRoleWithWebIdentity_ExpiredToken_RefusedAsExpiredToken()
    {
        var result = await fixture.Tools.AwsAsync("sts", "assume-role-with-web-identity", "--role-arn", RoleArn, "--role-session-name", "gitlab-job-1", "--web-identity-token", WebIdentityProbe.Token(expires: 1_000_000_000));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("(ExpiredTokenException)", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AssumeRoleWithWebIdentity_RoleArnNotARole_RefusedAsValidationError()
    {
        var result = await fixture.Tools.AwsAsync("sts", "assume-role-with-web-identity", "--role-arn", "arn:aws:iam::000000000000:user/someone", "--role-session-name", "gitlab-job-1", "--web-identity-token", WebIdentityProbe.Token());

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("(ValidationError)", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sdk_SignedInWithItsIdTokenOnly_CallsSageMakerOnTheServer()
    {
        var (exitCode, output) = await WebIdentityProbe.ListGroupsAsync(fixture.Server.BaseAddress, RoleArn, WebIdentityProbe.Token(), _folder);

        Assert.True(exitCode == 0, output);
        Assert.Matches(@"^\d+\s*$", output);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
