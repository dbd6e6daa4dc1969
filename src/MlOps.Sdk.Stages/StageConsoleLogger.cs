using Microsoft.Extensions.Logging;

namespace MlOps.Sdk.Stages;

/// <summary>Writes log entries at or above a level as stage lines; warnings and errors are marked.</summary>
internal sealed class StageConsoleLogger(StageConsole console, LogLevel minimumLevel) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= minimumLevel && logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }

        var message = formatter(state, exception);
        console.WriteLine(logLevel switch
        {
            LogLevel.Warning => "WARN " + message,
            >= LogLevel.Error => "ERROR " + message,
            _ => message,
        });
    }
}
