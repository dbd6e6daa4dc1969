using Microsoft.Extensions.Time.Testing;

namespace MlOps.Sdk.Tests.Fakes;

/// <summary>Runs a wait that sleeps on a <see cref="FakeTimeProvider"/> by moving fake time forward until it ends.</summary>
public static class FakeTime
{
    /// <summary>A fake clock starting at a fixed instant.</summary>
    public static FakeTimeProvider Create() => new(new DateTimeOffset(2026, 11, 27, 10, 0, 0, TimeSpan.Zero));

    /// <summary>Advances <paramref name="time"/> by <paramref name="step"/> until <paramref name="task"/> ends, then returns its result.</summary>
    public static async Task<T> DriveAsync<T>(this FakeTimeProvider time, Task<T> task, TimeSpan step, int maxSteps = 10_000)
    {
        for (var i = 0; i < maxSteps && !task.IsCompleted; i++)
        {
            // Let the waiter reach its next delay before time moves.
            await Task.Delay(1);
            time.Advance(step);
        }

        return await task;
    }

    /// <summary>Advances <paramref name="time"/> by <paramref name="step"/> until <paramref name="task"/> ends.</summary>
    public static async Task DriveAsync(this FakeTimeProvider time, Task task, TimeSpan step, int maxSteps = 10_000)
    {
        for (var i = 0; i < maxSteps && !task.IsCompleted; i++)
        {
            await Task.Delay(1);
            time.Advance(step);
        }

        await task;
    }
}
