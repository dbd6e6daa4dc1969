namespace MlOps.Sdk.Local;

/// <summary>What <see cref="LocalProcessSupervisor.StartAsync"/> runs: one command, in its own folder of supervisor files.</summary>
internal sealed record SupervisedProcessStart
{
    /// <summary>The folder of the supervisor's files: its script, pid files, exit code and log.</summary>
    public required string Directory { get; init; }

    /// <summary>The program and its arguments.</summary>
    public required IReadOnlyList<string> Command { get; init; }

    public required string WorkingDirectory { get; init; }

    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// The name of the file that receives the child's pid; it differs per kind of child because readers of older
    /// homes (and tests) look for <c>child.pid</c> next to a trainer and <c>server.pid</c> next to a model server.
    /// </summary>
    public string ChildPidFileName { get; init; } = SupervisedProcess.DefaultChildPidFileName;

    /// <summary>
    /// The file both output streams go to unchanged; when null, each line is stamped with the time it was written and
    /// stdout and stderr go to <c>stdout.log</c> and <c>stderr.log</c>, which a training log needs to order its events.
    /// </summary>
    public string? LogFileName { get; init; }

    /// <summary>When set, coreutils <c>timeout</c> ends the child after this long (exit code 124).</summary>
    public int? MaxRuntimeSeconds { get; init; }

    /// <summary>How long <c>timeout</c> waits after its SIGTERM before SIGKILL.</summary>
    public int KillAfterSeconds { get; init; } = 1;
}
