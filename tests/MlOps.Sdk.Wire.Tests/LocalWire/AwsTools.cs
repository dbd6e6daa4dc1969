using System.Diagnostics;
using System.Text.Json;
using MlOps.Sdk.LocalWire.Hosting;
using MlOps.Sdk.Tests.Local;

namespace MlOps.Sdk.Tests.LocalWire;

/// <summary>
/// Runs the real AWS CLI and boto3 against a <see cref="LocalWireServer"/>, configured only by the variables the server
/// prints (plus throw-away credentials), with the user's own AWS configuration files out of the way.
/// </summary>
public sealed class AwsTools(LocalWireServer server, string scratch)
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromMinutes(3);

    public async Task<ToolResult> AwsAsync(params string[] args)
    {
        LocalTestHome.RequireTool("aws", "python3 -m pip install awscli (or install AWS CLI v2)");
        return await RunAsync("aws", args, stdin: null);
    }

    /// <summary>Runs a Python script that has <c>boto3</c> imported and a <c>session</c> (boto3.Session) ready.</summary>
    public async Task<ToolResult> Boto3Async(string script)
    {
        LocalTestHome.RequireTool("python3", "apt-get install python3");
        var probe = await RunAsync("python3", ["-c", "import boto3"], stdin: null);
        Assert.True(probe.ExitCode == 0, "These tests need boto3 in python3: python3 -m pip install boto3\n" + probe.StandardError);
        var prelude = "import boto3, json, sys\nfrom botocore.config import Config\nsession = boto3.Session()\n";
        return await RunAsync("python3", ["-"], prelude + script);
    }

    /// <summary>Runs terraform in <paramref name="folder"/>, offline and non-interactive.</summary>
    public async Task<ToolResult> TerraformAsync(string folder, params string[] args)
    {
        LocalTestHome.RequireTool("terraform", "install terraform 1.11 (https://developer.hashicorp.com/terraform/install)");
        var cliConfig = Path.Combine(scratch, "terraform.tfrc");
        await File.WriteAllTextAsync(cliConfig, string.Empty);
        return await RunAsync("terraform", ["-chdir=" + folder, .. args], stdin: null, new Dictionary<string, string>
        {
            ["TF_IN_AUTOMATION"] = "1",
            ["TF_INPUT"] = "0",
            ["CHECKPOINT_DISABLE"] = "1",
            ["TF_CLI_CONFIG_FILE"] = cliConfig,
        });
    }

    private async Task<ToolResult> RunAsync(string program, string[] args, string? stdin, IReadOnlyDictionary<string, string>? extra = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = scratch,
        };
        foreach (var variable in extra ?? new Dictionary<string, string>())
        {
            start.Environment[variable.Key] = variable.Value;
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var variable in server.EndpointVariables)
        {
            start.Environment[variable.Key] = variable.Value;
        }

        start.Environment.Remove("AWS_ENDPOINT_URL");
        start.Environment.Remove("AWS_PROFILE");
        start.Environment.Remove("AWS_SESSION_TOKEN");
        start.Environment["AWS_ACCESS_KEY_ID"] = "local";
        start.Environment["AWS_SECRET_ACCESS_KEY"] = "local";
        start.Environment["AWS_REGION"] = "us-east-1";
        start.Environment["AWS_DEFAULT_REGION"] = "us-east-1";
        start.Environment["AWS_CONFIG_FILE"] = Path.Combine(scratch, "no-aws-config");
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(scratch, "no-aws-credentials");
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        start.Environment["AWS_MAX_ATTEMPTS"] = "1";

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(ToolTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{program} {string.Join(' ', args)} did not end within {ToolTimeout}: {await stderr}");
        }

        return new ToolResult(process.ExitCode, await stdout, await stderr);
    }
}

/// <summary>What a tool printed and its exit code.</summary>
public sealed record ToolResult(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>The standard output as JSON, failing the test with both streams when the tool failed.</summary>
    public JsonElement Json()
    {
        Assert.True(ExitCode == 0, $"exit code {ExitCode}\nstdout: {StandardOutput}\nstderr: {StandardError}");
        using var document = JsonDocument.Parse(StandardOutput);
        return document.RootElement.Clone();
    }
}
