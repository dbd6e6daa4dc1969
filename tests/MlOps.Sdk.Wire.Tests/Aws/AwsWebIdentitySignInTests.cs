using MlOps.Sdk.Tests.Fixtures;

namespace MlOps.Sdk.Tests.Aws;

/// <summary>
/// A CI job signs in as the templates set it up: <c>AWS_ROLE_ARN</c> and <c>AWS_WEB_IDENTITY_TOKEN_FILE</c> holding
/// GitLab's OIDC id token, no static keys and no profile. The SDK (a second process wired through AddMlOps, with a clean
/// environment) must trade the token with STS and sign every call with the temporary credentials it gets back.
/// </summary>
public sealed class AwsWebIdentitySignInTests : IDisposable
{
    private const string RoleArn = "arn:aws:iam::123456789012:role/mlops-candidate-ci";
    private static readonly string IdToken = WebIdentityProbe.Token();

    private readonly string _folder = Directory.CreateTempSubdirectory("mlops-web-identity-").FullName;

    [Fact]
    public async Task ListModelPackageGroups_RoleAndTokenFileOnly_TradesTheTokenWithSts()
    {
        await using var server = new FakeStsAndSageMakerServer();

        var (exitCode, output) = await RunProbeAsync(server.Endpoint);

        Assert.True(exitCode == 0, output);
        var sts = Assert.Single(server.StsCalls);
        Assert.Equal("AssumeRoleWithWebIdentity", sts["Action"]);
        Assert.Equal(RoleArn, sts["RoleArn"]);
        Assert.Equal(IdToken, sts["WebIdentityToken"]);
    }

    [Fact]
    public async Task ListModelPackageGroups_RoleAndTokenFileOnly_SignsWithTheTemporaryCredentials()
    {
        await using var server = new FakeStsAndSageMakerServer();

        var (exitCode, output) = await RunProbeAsync(server.Endpoint);

        Assert.True(exitCode == 0, output);
        var call = Assert.Single(server.SageMakerCalls);
        Assert.Contains($"Credential={FakeStsAndSageMakerServer.TemporaryAccessKeyId}/", call["Authorization"], StringComparison.Ordinal);
        Assert.Equal(FakeStsAndSageMakerServer.TemporarySessionToken, call["X-Amz-Security-Token"]);
    }

    [Fact]
    public async Task ListModelPackageGroups_StsRefusesTheToken_FailsNamingTheCauseAndTheSetUp()
    {
        await using var server = new FakeStsAndSageMakerServer(refuseToken: true);

        var (exitCode, output) = await RunProbeAsync(server.Endpoint);

        Assert.NotEqual(0, exitCode);
        Assert.Contains($"MlOpsException: Signing in to AWS failed for role {RoleArn}: InvalidIdentityToken", output, StringComparison.Ordinal);
        Assert.Contains("AWS_WEB_IDENTITY_TOKEN_FILE", output, StringComparison.Ordinal);
        Assert.DoesNotContain(IdToken, output, StringComparison.Ordinal);
        Assert.Empty(server.SageMakerCalls);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private Task<(int ExitCode, string Output)> RunProbeAsync(Uri endpoint) =>
        WebIdentityProbe.ListGroupsAsync(endpoint, RoleArn, IdToken, _folder);
}
