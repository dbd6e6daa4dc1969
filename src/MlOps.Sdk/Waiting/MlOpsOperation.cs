namespace MlOps.Sdk.Waiting;

/// <summary>
/// A long-running service operation (a training job, an endpoint deployment) that a caller can poll, wait on, or hand to
/// a later process as its <see cref="RehydrationToken"/>, in the shape of the Azure SDK's <c>Operation&lt;T&gt;</c>.
/// </summary>
/// <typeparam name="T">What the operation gives once it has completed, and what each status read returns.</typeparam>
/// <remarks>Only the SDK's own operations derive from it, so every operation waits, reports and rehydrates the same way.</remarks>
public abstract class MlOpsOperation<T>
    where T : class
{
    private protected MlOpsOperation()
    {
    }

    /// <summary>The name of the resource the operation works on.</summary>
    public abstract string Id { get; }

    /// <summary>
    /// Everything a later process needs to resume this operation (for a deployment: the endpoint, the config being deployed
    /// and the one it replaces), as one opaque string that holds names only, never a secret. Pass it to the client's
    /// <c>Rehydrate…</c> method.
    /// </summary>
    public abstract string RehydrationToken { get; }

    /// <summary>Whether the operation reached a final state when last read.</summary>
    public abstract bool HasCompleted { get; }

    /// <summary>Whether the operation completed successfully when last read, so <see cref="Value"/> returns.</summary>
    public abstract bool HasValue { get; }

    /// <summary>The result of an operation that completed successfully.</summary>
    /// <exception cref="InvalidOperationException">The operation has not completed; wait first.</exception>
    /// <exception cref="MlOpsException">The operation completed without success.</exception>
    public abstract T Value { get; }

    /// <summary>The resource as last read, or <see langword="null"/> before the first read.</summary>
    public abstract T? Latest { get; }

    /// <summary>Reads the operation's status once.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The resource as described now.</returns>
    public abstract Task<T> UpdateStatusAsync(CancellationToken cancellationToken = default);

    /// <summary>Polls until the operation ends, reporting progress through the logger.</summary>
    /// <param name="cancellationToken">Stops waiting; the operation goes on in the service.</param>
    /// <returns>The result, as <see cref="Value"/> gives it.</returns>
    /// <exception cref="MlOpsException">The operation ended without success, the waiter ran out of attempts, or a call failed.</exception>
    public abstract Task<T> WaitForCompletionAsync(CancellationToken cancellationToken);
}
