using System.Runtime.InteropServices;

namespace MlOps.Sdk.Stages;

/// <summary>
/// Turns Ctrl+C and SIGTERM into a cancellation for as long as it lives, so a stage stops its jobs and waits cleanly
/// (GitLab sends SIGTERM when a job is cancelled) instead of the process dying mid-write.
/// </summary>
internal sealed class ProcessCancellation : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly PosixSignalRegistration _onTerminate;

    public ProcessCancellation()
    {
        Console.CancelKeyPress += OnCancelKeyPress;
        _onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            _source.Cancel();
        });
    }

    public CancellationToken Token => _source.Token;

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancelKeyPress;
        _onTerminate.Dispose();
        _source.Dispose();
    }

    private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
    {
        e.Cancel = true;
        _source.Cancel();
    }
}
