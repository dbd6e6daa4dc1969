using System.Globalization;
using System.Text;

namespace MlOps.Sdk.Stages;

/// <summary>
/// Runs several stages one after the other in one process, as a local main job runs a whole pipeline: each stage
/// exactly as its script would run it (<see cref="StageRunner"/>, so the same options, hand-off and exit codes), but
/// paying for the process start and the JIT once instead of once per stage. The first failing stage stops the
/// pipeline. At the end it prints how long each stage took and, when <c>MLOPS_TIMINGS_FILE</c> is set, writes the same
/// figures there as tab-separated lines (project, stage, milliseconds).
/// </summary>
public static class PipelineRunner
{
    /// <summary>The variable naming the file the per-stage timings are written to.</summary>
    public const string TimingsFileVariable = "MLOPS_TIMINGS_FILE";

    /// <summary>Runs <paramref name="steps"/> with this process's environment and console.</summary>
    /// <param name="steps">The stages, in order.</param>
    /// <returns>The exit code: 0, or the first failing stage's.</returns>
    public static async Task<int> RunAsync(IReadOnlyList<PipelineStep> steps)
    {
        using var cancellation = new ProcessCancellation();
        return await RunAsync(steps, Environment.GetEnvironmentVariable, StageConsole.ForProcess(), TimeProvider.System, cancellation.Token).ConfigureAwait(false);
    }

    /// <summary>Runs <paramref name="steps"/> with the given variables and console (the form tests use).</summary>
    /// <param name="steps">The stages, in order.</param>
    /// <param name="getVariable">Reads an environment variable.</param>
    /// <param name="console">Where the stages print.</param>
    /// <param name="timeProvider">The clock the stages are timed with.</param>
    /// <param name="cancellationToken">Cancels the running stage; no later stage starts.</param>
    /// <returns>The exit code: 0, or the first failing stage's.</returns>
    public static async Task<int> RunAsync(IReadOnlyList<PipelineStep> steps, Func<string, string?> getVariable, StageConsole console, TimeProvider timeProvider, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentNullException.ThrowIfNull(getVariable);
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(timeProvider);

        var invalid = Validate(steps);
        if (invalid is not null)
        {
            console.WriteError($"invalid input: {invalid.Message}");
            return StageExitCode.InvalidInput;
        }

        var timings = new List<(PipelineStep Step, TimeSpan Elapsed)>(steps.Count);
        var exitCode = StageExitCode.Success;
        foreach (var step in steps)
        {
            console.WriteSection(step.ToString());
            var started = timeProvider.GetTimestamp();
            exitCode = await StageRunner.RunAsync(
                step.Stage,
                ["--project-path", Path.GetFullPath(step.ProjectPath), "--project", step.ProjectName, .. step.Arguments],
                getVariable,
                console,
                cancellationToken).ConfigureAwait(false);
            timings.Add((step, timeProvider.GetElapsedTime(started)));
            if (exitCode != StageExitCode.Success)
            {
                console.WriteSection($"FAILED: {step.ProjectName} {step.Stage.Name} exited with {exitCode}; the pipeline stops here.");
                break;
            }
        }

        WriteSummary(console, timings);
        await WriteTimingsFileAsync(getVariable(TimingsFileVariable), timings, cancellationToken).ConfigureAwait(false);
        return exitCode;
    }

    private static MlOpsValidationException? Validate(IReadOnlyList<PipelineStep> steps)
    {
        if (steps.Count == 0)
        {
            return new MlOpsValidationException("steps", "must hold at least one stage");
        }

        for (var i = 0; i < steps.Count; i++)
        {
            if (steps[i] is null)
            {
                return new MlOpsValidationException($"steps[{i}]", "must not be null");
            }

            if (!Directory.Exists(steps[i].ProjectPath))
            {
                return new MlOpsValidationException($"steps[{i}].ProjectPath", $"must be an existing project folder (got '{Path.GetFullPath(steps[i].ProjectPath)}' for {steps[i]})");
            }
        }

        return null;
    }

    private static void WriteSummary(StageConsole console, List<(PipelineStep Step, TimeSpan Elapsed)> timings)
    {
        console.WriteSection("stage timings (seconds)");
        foreach (var (step, elapsed) in timings)
        {
            console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{step,-32} {elapsed.TotalSeconds,6:0.0}"));
        }

        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"total",-32} {timings.Sum(t => t.Elapsed.TotalSeconds),6:0.0}"));
    }

    private static async Task WriteTimingsFileAsync(string? path, List<(PipelineStep Step, TimeSpan Elapsed)> timings, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return;
        }

        var lines = new StringBuilder();
        foreach (var (step, elapsed) in timings)
        {
            lines.Append(CultureInfo.InvariantCulture, $"{step.ProjectName}\t{step.Stage.Name}\t{(long)elapsed.TotalMilliseconds}\n");
        }

        await File.WriteAllTextAsync(path, lines.ToString(), cancellationToken).ConfigureAwait(false);
    }
}
