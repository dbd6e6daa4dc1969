using System.ComponentModel;
using System.Diagnostics;

namespace MlOps.Sdk.Stages;

/// <summary>Runs the <c>dotnet</c> CLI (publish, test) for a stage, showing its output as stage lines.</summary>
public static class DotNetCommand
{
    /// <summary>The error code when a <c>dotnet</c> command exits non-zero.</summary>
    public const string FailedErrorCode = "DotNetCommandFailed";

    /// <summary>Runs <c>dotnet</c> with <paramref name="arguments"/> in <paramref name="workingDirectory"/>.</summary>
    /// <param name="arguments">The arguments, such as <c>publish app.csproj -c Release</c>.</param>
    /// <param name="workingDirectory">Where it runs.</param>
    /// <param name="console">Receives each output line.</param>
    /// <param name="cancellationToken">Kills the command.</param>
    /// <returns>A task that completes when the command succeeded.</returns>
    /// <exception cref="MlOpsException">The command exits non-zero (<see cref="FailedErrorCode"/>) or dotnet is missing.</exception>
    public static async Task RunAsync(IReadOnlyList<string> arguments, string workingDirectory, StageConsole console, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(console);
        // The CLI that runs this stage script names itself in DOTNET_HOST_PATH; plain "dotnet" from the PATH otherwise.
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        var startInfo = new ProcessStartInfo(string.IsNullOrEmpty(host) ? "dotnet" : host)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment["DOTNET_NOLOGO"] = "1";
        startInfo.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        Process process;
        try
        {
            process = Process.Start(startInfo) ?? throw new MlOpsException("dotnet did not start.", "DotNetNotFound");
        }
        catch (Win32Exception ex)
        {
            throw new MlOpsException("dotnet is not on the PATH: install the .NET 10 SDK.", "DotNetNotFound", innerException: ex);
        }

        using (process)
        {
            process.OutputDataReceived += (_, e) => Show(e.Data);
            process.ErrorDataReceived += (_, e) => Show(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            try
            {
                await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            if (process.ExitCode != 0)
            {
                throw new MlOpsException($"'dotnet {string.Join(' ', arguments)}' exited with code {process.ExitCode}: see its output above.", FailedErrorCode);
            }
        }

        void Show(string? line)
        {
            if (!string.IsNullOrWhiteSpace(line))
            {
                console.WriteLine("| " + line.TrimEnd());
            }
        }
    }
}
