namespace MlOps.Sdk.Waiting;

/// <summary>
/// Default waiter timings per mode. AWS uses botocore's <c>waiters-2.json</c> for SageMaker; local mode polls every
/// 100 ms with the same overall time budget, so a local pipeline never sleeps long between polls.
/// </summary>
public static class WaiterDefaults
{
    /// <summary>The local polling interval.</summary>
    public static readonly TimeSpan LocalDelay = TimeSpan.FromMilliseconds(100);

    /// <summary>Waiting for a training job to end: botocore's <c>TrainingJobCompletedOrStopped</c> (120 s × 180) on AWS.</summary>
    /// <param name="mode">The mode.</param>
    /// <returns>New options.</returns>
    public static WaiterOptions TrainingJobCompleted(MlOpsMode mode) => For(mode, TimeSpan.FromSeconds(120), 180);

    /// <summary>Waiting for an endpoint to be in service: botocore's <c>EndpointInService</c> (30 s × 120) on AWS.</summary>
    /// <param name="mode">The mode.</param>
    /// <returns>New options.</returns>
    public static WaiterOptions EndpointInService(MlOpsMode mode) => For(mode, TimeSpan.FromSeconds(30), 120);

    /// <summary>Waiting for an endpoint to be gone: botocore's <c>EndpointDeleted</c> (30 s × 60) on AWS.</summary>
    /// <param name="mode">The mode.</param>
    /// <returns>New options.</returns>
    public static WaiterOptions EndpointDeleted(MlOpsMode mode) => For(mode, TimeSpan.FromSeconds(30), 60);

    private static WaiterOptions For(MlOpsMode mode, TimeSpan awsDelay, int awsMaxAttempts)
    {
        if (mode == MlOpsMode.Aws)
        {
            return WaiterOptions.Create(awsDelay, awsMaxAttempts);
        }

        // Same total budget as AWS, polled far more often.
        var budget = awsDelay * awsMaxAttempts;
        return WaiterOptions.Create(LocalDelay, (int)(budget / LocalDelay));
    }
}
