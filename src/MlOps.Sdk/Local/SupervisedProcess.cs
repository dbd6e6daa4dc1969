using System.Diagnostics;
using System.Globalization;

namespace MlOps.Sdk.Local;

/// <summary>
/// One child process of local mode (a trainer or a model server), run by a bash supervisor in a session of its own
/// (<c>setsid --fork</c>), so it outlives the process that started it. The supervisor writes its own pid, the child's
/// pid and, when the child ends, its exit code into the child's folder (each through a temporary file and a rename),
/// so this type can be rebuilt from the folder by any process, at any later time, to observe or stop the child.
/// It holds no handle on the process, so there is nothing to dispose.
/// </summary>
internal sealed class SupervisedProcess
{
    internal const string DefaultChildPidFileName = "child.pid";
    internal const string ExitCodeFileName = "exit_code";
    internal const string SupervisorPidFileName = "supervisor.pid";
    internal const string StopRequestedFileName = "stop_requested";
    internal const string ScriptFileName = "supervise.sh";

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    // After a SIGKILL the supervisor records the exit code at once; the bound is only for a supervisor that cannot run
    // (a machine under heavy load), so it is not the grace period, which a user may set to almost nothing.
    private static readonly TimeSpan ExitRecordLimit = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Arguments: the folder, the child's pid file name, the log file name ('' to stamp lines into stdout.log and
    /// stderr.log), the max runtime in seconds (0: none), timeout's kill-after in seconds, then the command.
    /// The child leads a process group of its own (timeout makes itself one; setsid, not being a group leader there,
    /// makes one without forking), so a kill reaches whatever the child started. A stop requested before the child's
    /// pid was recorded is honoured as soon as it starts. A folder deleted before the child's pid is recorded means that
    /// whoever deleted it took the child for never started, and nobody could find it to stop it later: the supervisor
    /// then starts nothing, or kills the child it has just started, and exits.
    /// </summary>
    private const string Script = """
        #!/usr/bin/env bash
        # MlOps.Sdk local supervisor: runs one child process detached from the process that started it.
        dir="$1" pidfile="$2" log="$3" max="$4" grace="$5"
        shift 5
        exec </dev/null >>"$dir/${log:-supervisor.log}" 2>&1
        record() { echo "$2" > "$dir/$1.tmp" && mv -f "$dir/$1.tmp" "$dir/$1"; }
        record supervisor.pid $$ || exit 1
        if (( max > 0 )); then set -- timeout --kill-after="$grace" "$max" "$@"; else set -- setsid "$@"; fi
        if [[ -z "$log" ]]; then
          stamp() { while IFS= read -r line || [[ -n "$line" ]]; do printf '%s %s\n' "$EPOCHREALTIME" "$line"; done; }
          rm -f "$dir/out.fifo" "$dir/err.fifo"
          mkfifo "$dir/out.fifo" "$dir/err.fifo"
          stamp < "$dir/out.fifo" >> "$dir/stdout.log" &
          out=$!
          stamp < "$dir/err.fifo" >> "$dir/stderr.log" &
          err=$!
          "$@" > "$dir/out.fifo" 2> "$dir/err.fifo" &
        else
          "$@" &
        fi
        child=$!
        if ! record "$pidfile" $child || [[ ! -d "$dir" ]]; then
          # The stampers too: a child killed before it opened the fifos leaves them waiting for a writer for ever.
          kill -KILL -- -$child $child ${out:-} ${err:-} 2>/dev/null
          exit 1
        fi
        [[ -e "$dir/stop_requested" ]] && kill -TERM $child
        wait $child
        rc=$?
        if [[ -z "$log" ]]; then
          wait $out $err
          rm -f "$dir/out.fifo" "$dir/err.fifo"
        fi
        record exit_code $rc
        """;

    private readonly TimeProvider timeProvider;

    internal SupervisedProcess(string directory, string childPidFileName, TimeProvider timeProvider)
    {
        Directory = directory;
        ChildPidFile = Path.Combine(directory, childPidFileName);
        this.timeProvider = timeProvider;
    }

    internal string Directory { get; }

    internal string ChildPidFile { get; }

    internal string ExitCodeFile => Path.Combine(Directory, ExitCodeFileName);

    /// <summary>The child's pid (the process group it leads); null until the supervisor has started it.</summary>
    internal int? ChildPid => LocalProcesses.ReadNumber(ChildPidFile);

    internal bool HasStarted => File.Exists(ChildPidFile);

    /// <summary>The child's exit code as its supervisor recorded it; null while it runs (or if the supervisor was killed).</summary>
    internal int? ExitCode => LocalProcesses.ReadNumber(ExitCodeFile);

    /// <summary>When the exit code was recorded, in UTC; null before.</summary>
    internal DateTime? ExitRecordedAt => File.Exists(ExitCodeFile) ? File.GetLastWriteTimeUtc(ExitCodeFile) : null;

    internal bool StopRequested => File.Exists(Path.Combine(Directory, StopRequestedFileName));

    /// <summary>True once the supervisor's pid is recorded and that process is gone: with no exit code, it was killed.</summary>
    internal bool SupervisorEnded => LocalProcesses.ReadNumber(Path.Combine(Directory, SupervisorPidFileName)) is { } pid && !LocalProcesses.IsAlive(pid);

    /// <summary>
    /// Whether the child has ended: its exit code is recorded, or both it and its supervisor are gone. A child that is
    /// gone while its supervisor runs has not ended yet: the supervisor is about to record its code (a SIGKILL seen in
    /// that instant would otherwise read as "code unknown").
    /// </summary>
    internal bool HasExited
    {
        get
        {
            if (ExitCode is not null)
            {
                return true;
            }

            if (ChildPid is not { } pid || LocalProcesses.IsAlive(pid))
            {
                return false;
            }

            return LocalProcesses.ReadNumber(Path.Combine(Directory, SupervisorPidFileName)) is not { } supervisor || !LocalProcesses.IsAlive(supervisor);
        }
    }

    /// <summary>Asks the child to stop (SIGTERM to the child alone; timeout passes it on to the trainer's group).</summary>
    internal void Terminate() => SignalIfRunning(LocalProcesses.SignalTerm, group: false);

    /// <summary>Kills the child's whole process group: SIGKILL cannot be forwarded, so whatever the child started dies with it.</summary>
    internal void Kill() => SignalIfRunning(LocalProcesses.SignalKill, group: true);

    /// <summary>
    /// Marks the stop in the folder before sending SIGTERM, so a supervisor that has not yet recorded the child's pid
    /// still stops it, and a later reader can tell a requested stop from a crash.
    /// </summary>
    internal async Task RequestStopAsync(string requestedAt, CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(Directory);
        await File.WriteAllTextAsync(Path.Combine(Directory, StopRequestedFileName), requestedAt, cancellationToken).ConfigureAwait(false);
        Terminate();
    }

    /// <summary>Waits until the child has ended or <paramref name="timeout"/> has passed; true when it has ended.</summary>
    internal async Task<bool> WaitForExitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = LocalTimestamp.Now(timeProvider) + timeout;
        while (!HasExited)
        {
            if (LocalTimestamp.Now(timeProvider) >= deadline)
            {
                return false;
            }

            await Task.Delay(PollInterval, timeProvider, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    /// <summary>
    /// Marks the stop in the folder (while it exists), sends SIGTERM, and SIGKILL to the child's process group if it has
    /// not ended within <paramref name="gracePeriod"/>; then waits for the supervisor to record the exit code. That
    /// record is its last write in the folder, so a caller that deletes the folder next does not race it. A supervisor
    /// that has not recorded the child's pid yet, which no signal can reach, sees the mark and stops the child as soon
    /// as it starts it.
    /// </summary>
    internal async Task StopAsync(TimeSpan gracePeriod, CancellationToken cancellationToken)
    {
        MarkStopRequested();
        Terminate();
        if (!await WaitForExitAsync(gracePeriod, cancellationToken).ConfigureAwait(false))
        {
            Kill();
            await WaitForExitAsync(ExitRecordLimit, cancellationToken).ConfigureAwait(false);
        }
    }

    // Never creates the folder: one deleted by now must stay gone (its supervisor takes that as the stop).
    private void MarkStopRequested()
    {
        try
        {
            File.WriteAllText(Path.Combine(Directory, StopRequestedFileName), LocalTimestamp.Now(timeProvider).ToString("O", CultureInfo.InvariantCulture));
        }
        catch (DirectoryNotFoundException)
        {
            // Gone already: there is nothing left to mark, and nothing the mark could reach.
        }
    }

    /// <summary>Writes the supervisor script into the start's folder and runs it detached; returns once the supervisor has forked.</summary>
    internal static async Task<SupervisedProcess> StartAsync(SupervisedProcessStart start, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        LocalProcesses.EnsureSupported();
        System.IO.Directory.CreateDirectory(start.Directory);
        var scriptPath = Path.Combine(start.Directory, ScriptFileName);
        await File.WriteAllTextAsync(scriptPath, Script, cancellationToken).ConfigureAwait(false);
        var info = new ProcessStartInfo("setsid")
        {
            WorkingDirectory = start.WorkingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in (string[])[
            "--fork", "bash", scriptPath, start.Directory, start.ChildPidFileName, start.LogFileName ?? string.Empty,
            (start.MaxRuntimeSeconds ?? 0).ToString(CultureInfo.InvariantCulture), start.KillAfterSeconds.ToString(CultureInfo.InvariantCulture)])
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var argument in start.Command)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in start.Environment)
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info) ?? throw new MlOpsException("Could not start setsid.", "LocalProcessStartFailed");
        process.StandardInput.Close();
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new MlOpsException($"Could not start a local supervisor: {await errors.ConfigureAwait(false)}", "LocalProcessStartFailed");
        }

        return new SupervisedProcess(start.Directory, start.ChildPidFileName, timeProvider);
    }

    private void SignalIfRunning(int signal, bool group)
    {
        if (ExitCode is null && ChildPid is { } pid)
        {
            if (group)
            {
                LocalProcesses.SignalGroup(pid, signal);
            }
            else
            {
                LocalProcesses.Signal(pid, signal);
            }
        }
    }
}
