namespace MlOps.Sdk.Local;

/// <summary>Why a local training job failed, read from its hosts' exit codes and failure files.</summary>
internal static class LocalTrainingFailures
{
    /// <summary>coreutils <c>timeout</c>'s exit code when MaxRuntime ran out: a stop, not a failure of the trainer.</summary>
    internal const int MaxRuntimeExitCode = 124;

    /// <summary>The host whose failure failed the job: the one the job ended the others for, else the first to exit non-zero (not by MaxRuntime).</summary>
    internal static LocalTrainingHost? FirstFailedHost(LocalTrainingJobRecord record, IReadOnlyList<int> exitCodes)
    {
        if (record.HostFailure is { } failure)
        {
            return record.Hosts.First(h => h.Name == failure.HostName);
        }

        return record.Hosts
            .Select((host, i) => (Host: host, Code: exitCodes[i]))
            .Where(h => h.Code is not 0 and not MaxRuntimeExitCode)
            .OrderBy(h => File.GetLastWriteTimeUtc(h.Host.ExitCodeFile))
            .Select(h => h.Host)
            .FirstOrDefault();
    }

    /// <summary>The job's FailureReason: the host's <c>/opt/ml/output/failure</c>, else its exit code and where its log is.</summary>
    internal static async Task<string> ReasonAsync(LocalTrainingJobRecord record, LocalTrainingHost host, IReadOnlyList<int> exitCodes, CancellationToken cancellationToken)
    {
        var failureFile = Path.Combine(host.OutputDirectory, "failure");
        var failure = File.Exists(failureFile) ? (await File.ReadAllTextAsync(failureFile, cancellationToken).ConfigureAwait(false)).Trim() : string.Empty;
        var exitCode = exitCodes[record.Hosts.ToList().IndexOf(host)];
        if (record.Hosts.Count == 1)
        {
            return failure.Length > 0
                ? "AlgorithmError: " + failure
                : $"AlgorithmError: the training process exited with code {exitCode} and wrote no /opt/ml/output/failure. See the job's log.";
        }

        return failure.Length > 0
            ? $"AlgorithmError: host {host.Name}: {failure}"
            : $"AlgorithmError: the training process on host {host.Name} exited with code {exitCode} and wrote no /opt/ml/output/failure. See its log stream {LocalTrainingLog.StreamName(record, host)}.";
    }
}
