using System.Collections;
using System.Diagnostics;
using System.Text;
using Xunit.Abstractions;

namespace MlOps.Templates.Tests;

/// <summary>Runs child processes with a clean environment and echoes their output to the test log.</summary>
public static class CommandRunner
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(10);

    public static async Task<CommandResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        string workingDirectory,
        IReadOnlyDictionary<string, string>? environment = null,
        ITestOutputHelper? log = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // `dotnet test` hands MSBuild's own variables to the test host; a nested build must not inherit them.
        foreach (var name in Environment.GetEnvironmentVariables().Keys.Cast<string>())
        {
            if (name.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || name.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase))
            {
                start.Environment.Remove(name);
            }
        }

        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var commandLine = $"{fileName} {string.Join(' ', start.ArgumentList)}";
        log?.WriteLine($"$ {commandLine}   (in {workingDirectory})");
        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, line) => Append(output, line.Data);
        process.ErrorDataReceived += (_, line) => Append(output, line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var deadline = new CancellationTokenSource(Limit);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"`{commandLine}` did not finish within {Limit.TotalMinutes} minutes:\n{output}");
        }

        // WaitForExitAsync returns once the output streams are drained too.
        string text;
        lock (output)
        {
            text = output.ToString();
        }

        log?.WriteLine($"  exit {process.ExitCode}");
        return new CommandResult(commandLine, process.ExitCode, text);
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }
}
