namespace MlOps.Sdk.Local;

/// <summary>
/// The bash supervisors of local processes. Each runs detached in its own session, writes the pid of what it runs and,
/// when that ends, its exit code (via a temporary file and a rename), so any process can reconcile the state later.
/// </summary>
internal static class LocalSupervisorScripts
{
    /// <summary>
    /// Runs the trainer under coreutils <c>timeout</c> (MaxRuntime; <c>timeout</c> signals the trainer's whole process
    /// group), stamps every stdout and stderr line with the time it was written, and records the exit code.
    /// Environment: <c>MLOPS_JOB_DIR</c>, <c>MLOPS_MAX_RUNTIME</c> (seconds), <c>MLOPS_KILL_AFTER</c> (seconds). Arguments: the command.
    /// </summary>
    internal const string Training = """
        #!/usr/bin/env bash
        # MlOps.Sdk local training supervisor: runs one training job detached from the process that started it.
        job="$MLOPS_JOB_DIR"
        exec </dev/null >>"$job/supervisor.log" 2>&1
        echo $$ > "$job/supervisor.pid.tmp" && mv -f "$job/supervisor.pid.tmp" "$job/supervisor.pid"
        stamp() { while IFS= read -r line || [[ -n "$line" ]]; do printf '%s %s\n' "$EPOCHREALTIME" "$line"; done; }
        rm -f "$job/out.fifo" "$job/err.fifo"
        mkfifo "$job/out.fifo" "$job/err.fifo"
        stamp < "$job/out.fifo" >> "$job/stdout.log" &
        out=$!
        stamp < "$job/err.fifo" >> "$job/stderr.log" &
        err=$!
        timeout --kill-after="$MLOPS_KILL_AFTER" "$MLOPS_MAX_RUNTIME" "$@" > "$job/out.fifo" 2> "$job/err.fifo" &
        child=$!
        echo $child > "$job/child.pid.tmp" && mv -f "$job/child.pid.tmp" "$job/child.pid"
        [[ -e "$job/stop_requested" ]] && kill -TERM $child
        wait $child
        rc=$?
        wait $out $err
        rm -f "$job/out.fifo" "$job/err.fifo"
        echo $rc > "$job/exit_code.tmp" && mv -f "$job/exit_code.tmp" "$job/exit_code"
        """;

    /// <summary>
    /// Runs a model server, its stdout and stderr going to <c>server.log</c>, and records its own pid, the server's pid
    /// and the server's exit code.
    /// Environment: <c>MLOPS_INSTANCE_DIR</c>. Arguments: the command.
    /// </summary>
    internal const string Serving = """
        #!/usr/bin/env bash
        # MlOps.Sdk local endpoint supervisor: runs one model server detached from the process that started it.
        dir="$MLOPS_INSTANCE_DIR"
        exec </dev/null >>"$dir/server.log" 2>&1
        echo $$ > "$dir/supervisor.pid.tmp" && mv -f "$dir/supervisor.pid.tmp" "$dir/supervisor.pid"
        "$@" &
        server=$!
        echo $server > "$dir/server.pid.tmp" && mv -f "$dir/server.pid.tmp" "$dir/server.pid"
        wait $server
        rc=$?
        echo $rc > "$dir/exit_code.tmp" && mv -f "$dir/exit_code.tmp" "$dir/exit_code"
        """;
}
