using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace MlOps.Sdk.Tests.Fakes;

/// <summary>
/// A decorator of any port interface that counts the calls of each operation (method name without <c>Async</c>) and,
/// for listings, the items they yield, then forwards to the real adapter.
/// </summary>
/// <typeparam name="T">The port.</typeparam>
public class CallCounter<T> : DispatchProxy
    where T : class
{
    private T _inner = null!;

    /// <summary>Calls per operation.</summary>
    public ConcurrentDictionary<string, int> Calls { get; } = new(StringComparer.Ordinal);

    /// <summary>Items yielded per listing operation, summed over its calls.</summary>
    public ConcurrentDictionary<string, int> Items { get; } = new(StringComparer.Ordinal);

    /// <summary>Wraps <paramref name="inner"/>; the counter is the returned port's <see cref="CallCounter{T}"/>.</summary>
    public static (T Port, CallCounter<T> Counter) Wrap(T inner)
    {
        var port = Create<T, CallCounter<T>>();
        var counter = (CallCounter<T>)(object)port;
        counter._inner = inner;
        return (port, counter);
    }

    public int CallsOf(string operation) => Calls.GetValueOrDefault(operation);

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        var operation = targetMethod.Name.EndsWith("Async", StringComparison.Ordinal) ? targetMethod.Name[..^5] : targetMethod.Name;
        Calls.AddOrUpdate(operation, 1, (_, n) => n + 1);
        object? result;
        try
        {
            result = targetMethod.Invoke(_inner, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }

        var type = targetMethod.ReturnType;
        if (result is not null && type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IAsyncEnumerable<>))
        {
            return typeof(CallCounter<T>).GetMethod(nameof(CountItems), BindingFlags.NonPublic | BindingFlags.Instance)!
                .MakeGenericMethod(type.GetGenericArguments()[0])
                .Invoke(this, [result, operation, CancellationToken.None]);
        }

        return result;
    }

    private async IAsyncEnumerable<TItem> CountItems<TItem>(IAsyncEnumerable<TItem> items, string operation, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var item in items.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            Items.AddOrUpdate(operation, 1, (_, n) => n + 1);
            yield return item;
        }
    }
}
