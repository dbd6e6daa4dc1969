namespace MlOps.Sdk.Local;

/// <summary>
/// Starts local mode's child processes and rebuilds the handle on one from its folder: the one place trainers and
/// model servers are launched, observed and stopped, with the clock and stop grace period of the container.
/// </summary>
internal sealed class LocalProcessSupervisor(LocalOptions options, TimeProvider timeProvider)
{
    private const string RemovingSuffix = ".removing-";

    /// <summary>How long a stopped child may take to end on SIGTERM before it (and its process group) gets SIGKILL.</summary>
    internal TimeSpan StopGracePeriod => options.StopGracePeriod;

    internal Task<SupervisedProcess> StartAsync(SupervisedProcessStart start, CancellationToken cancellationToken) =>
        SupervisedProcess.StartAsync(start, timeProvider, cancellationToken);

    /// <summary>The child whose supervisor files are in <paramref name="directory"/>, started by this process or any other.</summary>
    internal SupervisedProcess Attach(string directory, string childPidFileName = SupervisedProcess.DefaultChildPidFileName) =>
        new(directory, childPidFileName, timeProvider);

    internal Task StopAsync(SupervisedProcess process, CancellationToken cancellationToken) =>
        process.StopAsync(options.StopGracePeriod, cancellationToken);

    /// <summary>
    /// Deletes folders (each a child's folder, or a folder of them) that no record names a running child in: what an
    /// abandoned launch left, or a retired fleet's folder. A child may still run there that no record names (a
    /// replacement whose starter died before recording it), or a supervisor may be about to record its child's pid, so
    /// each folder is first renamed away, which no write of a supervisor can follow. A child whose pid was recorded before
    /// that is stopped here; a supervisor that had not recorded it fails to and kills its child itself.
    /// </summary>
    internal async Task StopStrayChildrenAndDeleteAsync(IReadOnlyCollection<string> folders, string childPidFileName, CancellationToken cancellationToken)
    {
        foreach (var folder in folders)
        {
            var removing = $"{folder}{RemovingSuffix}{Guid.NewGuid().ToString("N")[..8]}";
            try
            {
                Directory.Move(folder, removing);
            }
            catch (DirectoryNotFoundException)
            {
                continue;
            }

            var started = Directory.GetDirectories(removing).Prepend(removing)
                .Where(f => File.Exists(Path.Combine(f, SupervisedProcess.ScriptFileName)))
                .Select(f => Attach(f, childPidFileName))
                .Where(p => p.HasStarted && !p.HasExited);
            await Task.WhenAll(started.Select(p => StopAsync(p, cancellationToken))).ConfigureAwait(false);
            LocalServerFleet.TryDeleteFolder(removing);
        }
    }
}
