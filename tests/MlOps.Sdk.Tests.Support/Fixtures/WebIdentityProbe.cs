using System.Diagnostics;

namespace MlOps.Sdk.Tests.Fixtures;

/// <summary>
/// Runs MlOps.Sdk.LocalProbe in AWS mode as a GitLab CI job would: the OIDC id token in <c>AWS_WEB_IDENTITY_TOKEN_FILE</c>,
/// the role in <c>AWS_ROLE_ARN</c>, every service at one endpoint, and nothing else to sign in with (no keys, no
/// profile, no instance metadata).
/// </summary>
public static class WebIdentityProbe
{
    /// <summary>A JWT shaped like GitLab's id token for <c>aud: sts.amazonaws.com</c>, expiring in 2100.</summary>
    public static string Token(string audience = "sts.amazonaws.com", long expires = 4102444800) =>
        Part("{\"alg\":\"RS256\",\"typ\":\"JWT\"}") + "."
        + Part($"{{\"iss\":\"https://gitlab.example.com\",\"sub\":\"project_path:ml/breast-cancer-endpoint:ref_type:branch:ref:main\",\"aud\":\"{audience}\",\"exp\":{expires}}}")
        + "." + Part("not-a-signature");

    /// <summary>Runs <c>list-groups</c>; the output is stdout and stderr together.</summary>
    public static async Task<(int ExitCode, string Output)> ListGroupsAsync(Uri endpoint, string roleArn, string token, string folder)
    {
        var tokenFile = Path.Combine(folder, "id_token");
        await File.WriteAllTextAsync(tokenFile, token);
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
        start.Environment["AWS_ROLE_ARN"] = roleArn;
        start.Environment["AWS_WEB_IDENTITY_TOKEN_FILE"] = tokenFile;
        start.Environment["AWS_ENDPOINT_URL"] = endpoint.ToString();
        start.Environment["AWS_CONFIG_FILE"] = Path.Combine(folder, "no-config");
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(folder, "no-credentials");
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        start.Environment["HOME"] = folder;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await errors);
    }

    private static string Part(string json) => System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(json));
}
