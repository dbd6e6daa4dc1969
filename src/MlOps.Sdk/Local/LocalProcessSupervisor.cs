namespace MlOps.Sdk.Local;

/// <summary>
/// Starts local mode's child processes and rebuilds the handle on one from its folder: the one place trainers and
/// model servers are launched, observed and stopped, with the clock and stop grace period of the container.
/// </summary>
internal sealed class LocalProcessSupervisor(LocalOptions options, TimeProvider timeProvider)
{
    /// <summary>How long a stopped child may take to end on SIGTERM before it (and its process group) gets SIGKILL.</summary>
    internal TimeSpan StopGracePeriod => options.StopGracePeriod;

    internal Task<SupervisedProcess> StartAsync(SupervisedProcessStart start, CancellationToken cancellationToken) =>
        SupervisedProcess.StartAsync(start, timeProvider, cancellationToken);

    /// <summary>The child whose supervisor files are in <paramref name="directory"/>, started by this process or any other.</summary>
    internal SupervisedProcess Attach(string directory, string childPidFileName = SupervisedProcess.DefaultChildPidFileName) =>
        new(directory, childPidFileName, timeProvider);

    internal Task StopAsync(SupervisedProcess process, CancellationToken cancellationToken) =>
        process.StopAsync(options.StopGracePeriod, cancellationToken);
}
