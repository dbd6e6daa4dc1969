using Microsoft.Extensions.Logging;

namespace MlOps.Sdk.Stages;

/// <summary>
/// Shows the SDK's own log (waits, polls, deploy steps) as lines of the stage's output; other libraries' log only from
/// warnings up.
/// </summary>
internal sealed class StageConsoleLoggerProvider(StageConsole console, LogLevel minimumLevel) : ILoggerProvider
{
    /// <summary>The category prefix of the SDK's own loggers (the namespaces of its types).</summary>
    internal const string SdkCategoryPrefix = "MlOps.";

    // HttpClientFactory logs four Information lines per request (System.Net.Http.HttpClient.*), so AWS mode's stage
    // output was mostly HTTP exchanges: 408 of 560 lines of a sample pipeline. Their warnings and errors still show.
    public ILogger CreateLogger(string categoryName) =>
        new StageConsoleLogger(console, categoryName.StartsWith(SdkCategoryPrefix, StringComparison.Ordinal) ? minimumLevel : (LogLevel)Math.Max((int)minimumLevel, (int)LogLevel.Warning));

    public void Dispose()
    {
        // Nothing to release: the console belongs to the stage.
    }
}
