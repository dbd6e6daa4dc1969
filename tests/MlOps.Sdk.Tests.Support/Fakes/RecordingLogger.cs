using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace MlOps.Sdk.Tests.Fakes;

/// <summary>A logger that keeps every formatted message (and exception text), for tests of what reaches the logs.</summary>
public sealed class RecordingLogger<T> : ILogger<T>
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        _lines.Enqueue($"{logLevel}: {formatter(state, exception)} {exception}");
    }
}
