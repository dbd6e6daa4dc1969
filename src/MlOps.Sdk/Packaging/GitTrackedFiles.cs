using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace MlOps.Sdk.Packaging;

/// <summary>Lists the files git tracks in a folder (<c>git ls-files -z</c>).</summary>
public static class GitTrackedFiles
{
    /// <summary>Lists the tracked files below <paramref name="directory"/>, relative to it, with <c>/</c> separators, sorted.</summary>
    /// <param name="directory">A folder inside a git work tree.</param>
    /// <param name="cancellationToken">Stops git.</param>
    /// <returns>The relative paths.</returns>
    /// <exception cref="MlOpsException">git is missing (<c>GitNotFound</c>) or fails, such as outside a work tree (<c>GitFailed</c>).</exception>
    public static async Task<IReadOnlyList<string>> ListAsync(string directory, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var startInfo = new ProcessStartInfo("git")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var argument in new[] { "-C", directory, "-c", "core.quotePath=false", "ls-files", "-z", "--cached", "--", "." })
        {
            startInfo.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(startInfo) ?? throw new MlOpsException("git did not start.", "GitNotFound");
        }
        catch (Win32Exception error)
        {
            throw new MlOpsException(
                "git is not on the PATH: install git (apt-get install git) or list the source files explicitly (SourceFiles).",
                "GitNotFound",
                innerException: error);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var errors = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                throw new MlOpsException($"git ls-files failed in '{directory}': {(await errors.ConfigureAwait(false)).Trim()}", "GitFailed", resourceName: directory);
            }

            // Run inside the folder, git prints paths relative to it.
            return (await output.ConfigureAwait(false))
                .Split('\0', StringSplitOptions.RemoveEmptyEntries)
                .Order(StringComparer.Ordinal)
                .ToArray();
        }
    }
}
