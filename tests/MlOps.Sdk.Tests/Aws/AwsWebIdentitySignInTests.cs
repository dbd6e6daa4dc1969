using System.Diagnostics;
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
    private const string IdToken = "eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJzdHMuYW1hem9uYXdzLmNvbSJ9.c2lnbmF0dXJl";

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

    private async Task<(int ExitCode, string Output)> RunProbeAsync(Uri endpoint)
    {
        var tokenFile = Path.Combine(_folder, "id_token");
        await File.WriteAllTextAsync(tokenFile, IdToken);
        var probe = Path.Combine(AppContext.BaseDirectory, "MlOps.Sdk.LocalProbe.dll");
        Assert.True(File.Exists(probe), $"The probe is built with the tests (project reference); {probe} is missing.");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(probe);
        start.ArgumentList.Add("list-groups");
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("AWS_", StringComparison.Ordinal) || k.StartsWith("MLOPS_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["MLOPS_MODE"] = "aws";
        start.Environment["AWS_REGION"] = "us-east-1";
        start.Environment["AWS_ROLE_ARN"] = RoleArn;
        start.Environment["AWS_WEB_IDENTITY_TOKEN_FILE"] = tokenFile;
        start.Environment["AWS_ENDPOINT_URL"] = endpoint.ToString();
        // No profile, no instance metadata: the token file is the only way in, as on a GitLab runner.
        start.Environment["AWS_CONFIG_FILE"] = Path.Combine(_folder, "no-config");
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(_folder, "no-credentials");
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        start.Environment["HOME"] = _folder;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await errors);
    }
}
