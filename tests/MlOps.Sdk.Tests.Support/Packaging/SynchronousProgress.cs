namespace MlOps.Sdk.Tests.Packaging;

/// <summary>An <see cref="IProgress{T}"/> that runs its callback at once, on the reporting thread (unlike Progress&lt;T&gt;).</summary>
public sealed class SynchronousProgress<T>(Action<T> onReport) : IProgress<T>
{
    public void Report(T value) => onReport(value);
}
