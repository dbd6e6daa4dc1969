using Microsoft.Extensions.Logging;

namespace MlOps.Sdk.Stages;

/// <summary>Shows the SDK's own log (waits, polls, deploy steps) as lines of the stage's output.</summary>
internal sealed class StageConsoleLoggerProvider(StageConsole console, LogLevel minimumLevel) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new StageConsoleLogger(console, minimumLevel);

    public void Dispose()
    {
        // Nothing to release: the console belongs to the stage.
    }
}
