namespace MlOps.Sdk.Waiting;

/// <summary>
/// The one polling loop of the SDK: reads a status, lets the caller decide whether it is final, waits
/// <see cref="WaiterOptions.Delay"/> on the <see cref="TimeProvider"/> between reads, and gives up after
/// <see cref="WaiterOptions.MaxAttempts"/> reads.
/// </summary>
internal static class StatusPoller
{
    /// <summary>The error code of a waiter that ran out of attempts.</summary>
    internal const string TimeoutErrorCode = "WaiterTimeout";

    internal static async Task<T> PollAsync<T>(
        Func<CancellationToken, Task<T>> read,
        Func<T, bool> isFinal,
        WaiterOptions options,
        TimeProvider timeProvider,
        string what,
        string resourceName,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var state = await read(cancellationToken).ConfigureAwait(false);
            if (isFinal(state))
            {
                return state;
            }

            if (attempt >= options.MaxAttempts)
            {
                throw new MlOpsException(
                    $"Gave up waiting for {what} '{resourceName}' after {attempt} status reads {options.Delay} apart; it is still running.",
                    TimeoutErrorCode,
                    resourceName: resourceName);
            }

            await Task.Delay(options.Delay, timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }
}
