namespace MlOps.Sdk.Waiting;

/// <summary>
/// How a waiter polls: the pause between two status reads and how many reads it makes before giving up.
/// Defaults come from <see cref="WaiterDefaults"/> for the configured mode.
/// </summary>
public sealed class WaiterOptions
{
    /// <summary>The pause between two status reads.</summary>
    public TimeSpan Delay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The most status reads before the waiter gives up with a <c>WaiterTimeout</c> error.</summary>
    public int MaxAttempts { get; set; } = 120;

    /// <summary>Creates waiter options.</summary>
    /// <param name="delay">The pause between two status reads.</param>
    /// <param name="maxAttempts">The most status reads.</param>
    /// <returns>The options.</returns>
    public static WaiterOptions Create(TimeSpan delay, int maxAttempts) => new() { Delay = delay, MaxAttempts = maxAttempts };

    /// <summary>Fails unless the delay is positive and at least one attempt is allowed.</summary>
    /// <param name="fieldName">The options field these came from, named in the error.</param>
    /// <exception cref="MlOpsValidationException">A value is out of range.</exception>
    public void Validate(string fieldName)
    {
        if (Delay <= TimeSpan.Zero)
        {
            throw new MlOpsValidationException($"{fieldName}.Delay", $"must be positive (got {Delay})");
        }

        if (MaxAttempts < 1)
        {
            throw new MlOpsValidationException($"{fieldName}.MaxAttempts", $"must be at least 1 (got {MaxAttempts})");
        }
    }
}
