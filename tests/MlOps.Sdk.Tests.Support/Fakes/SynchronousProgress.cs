namespace MlOps.Sdk.Tests.Fakes;

/// <summary>An <see cref="IProgress{T}"/> that reports on the caller's thread, so tests see every report in order.</summary>
public sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
