using System.Globalization;
using Spectre.Console;

namespace MlOps.Sdk.Stages;

/// <summary>
/// What a stage prints: its mode in the first line, then one line per step with its duration, results and errors.
/// When a person watches (a terminal, not CI), steps also show as a Spectre.Console progress display.
/// Safe to use from several threads: lines never interleave.
/// </summary>
public sealed class StageConsole
{
    private readonly TextWriter _output;
    private readonly TimeProvider _timeProvider;
    private readonly IAnsiConsole? _terminal;
    private readonly Lock _gate = new();

    /// <summary>Creates a console writing plain lines to <paramref name="output"/>, or a progress display when <paramref name="interactive"/>.</summary>
    /// <param name="output">Where lines go.</param>
    /// <param name="interactive">Show Spectre.Console progress (only for a terminal).</param>
    /// <param name="timeProvider">The clock used to time steps.</param>
    public StageConsole(TextWriter output, bool interactive, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _output = output;
        _timeProvider = timeProvider;
        if (interactive)
        {
            _terminal = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        }
    }

    /// <summary>Whether steps show as a live progress display.</summary>
    public bool IsInteractive => _terminal is not null;

    /// <summary>
    /// The console of this process: interactive when stdout is a terminal and no CI is set (<c>CI</c>, <c>GITLAB_CI</c>),
    /// so CI logs hold plain lines only.
    /// </summary>
    /// <returns>The console.</returns>
    public static StageConsole ForProcess()
    {
        var interactive = !Console.IsOutputRedirected
            && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"))
            && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("GITLAB_CI"))
            && Environment.GetEnvironmentVariable("TERM") is not (null or "dumb");
        return new StageConsole(Console.Out, interactive, TimeProvider.System);
    }

    /// <summary>Writes the first line of a stage: <c>MlOps.Sdk train — mode: local (state in ~/.local/share/mlops)</c>.</summary>
    /// <param name="stageName">The stage, such as <c>train</c>.</param>
    /// <param name="modeDescription">The mode and where it works, such as <c>local (state in ~/.local/share/mlops)</c>.</param>
    public void WriteHeader(string stageName, string modeDescription) => Write($"MlOps.Sdk {stageName} — mode: {modeDescription}");

    /// <summary>Writes a section title after a blank line, such as <c>==&gt; [breast-cancer-training] train</c>, where a pipeline moves on to its next stage.</summary>
    /// <param name="title">The title.</param>
    public void WriteSection(string title)
    {
        Write(string.Empty);
        Write("==> " + title);
    }

    /// <summary>Writes one progress line.</summary>
    /// <param name="message">The line.</param>
    public void WriteLine(string message) => Write("  " + message);

    /// <summary>Writes one result of the stage, as <c>name: value</c>.</summary>
    /// <param name="name">What the value is.</param>
    /// <param name="value">The value.</param>
    public void WriteResult(string name, string value) => Write($"  {name}: {value}");

    /// <summary>Writes an error line.</summary>
    /// <param name="message">What went wrong and, where possible, how to fix it.</param>
    public void WriteError(string message) => Write("  ERROR " + message);

    /// <summary>Runs one step, showing it while it runs and writing its outcome and duration.</summary>
    /// <param name="description">What the step does, such as <c>training job breast-cancer-training-mr7-… </c>.</param>
    /// <param name="step">The work.</param>
    /// <param name="cancellationToken">Cancels the step.</param>
    /// <returns>A task that completes with the step.</returns>
    public async Task RunStepAsync(string description, Func<CancellationToken, Task> step, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(step);
        await RunStepAsync<bool>(description, async ct =>
        {
            await step(ct).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs one step, showing it while it runs and writing its outcome and duration.</summary>
    /// <typeparam name="T">The step's result.</typeparam>
    /// <param name="description">What the step does.</param>
    /// <param name="step">The work.</param>
    /// <param name="cancellationToken">Cancels the step.</param>
    /// <returns>The step's result.</returns>
    public async Task<T> RunStepAsync<T>(string description, Func<CancellationToken, Task<T>> step, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(description);
        ArgumentNullException.ThrowIfNull(step);
        var started = _timeProvider.GetTimestamp();
        Write($"▸ {description}");
        try
        {
            T result;
            if (_terminal is null)
            {
                result = await step(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                result = await _terminal.Progress()
                    .AutoClear(true)
                    .Columns(new SpinnerColumn(), new TaskDescriptionColumn(), new ElapsedTimeColumn())
                    .StartAsync(async context =>
                    {
                        var task = context.AddTask(Markup.Escape(description)).IsIndeterminate();
                        var value = await step(cancellationToken).ConfigureAwait(false);
                        task.StopTask();
                        return value;
                    }).ConfigureAwait(false);
            }

            Write($"✓ {description} ({Seconds(started)})");
            return result;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Write($"✗ {description} ({Seconds(started)})");
            throw;
        }
    }

    private string Seconds(long started) =>
        string.Create(CultureInfo.InvariantCulture, $"{_timeProvider.GetElapsedTime(started).TotalSeconds:0.0} s");

    private void Write(string line)
    {
        lock (_gate)
        {
            if (_terminal is not null)
            {
                _terminal.WriteLine(line);
            }
            else
            {
                _output.WriteLine(line);
                _output.Flush();
            }
        }
    }
}
