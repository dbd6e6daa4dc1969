namespace MlOps.Sdk.Local;

/// <summary>
/// The local stand-in for SageMaker's per-account instance quota: no variant runs more model servers than
/// <see cref="LocalOptions.MaxEndpointInstanceCount"/>. SageMaker refuses a CreateEndpoint, UpdateEndpoint or
/// UpdateEndpointWeightsAndCapacities over its quota with <c>ResourceLimitExceeded</c> before it launches anything, so
/// local mode refuses at the same points, before it records or starts a server.
/// </summary>
internal static class LocalInstanceLimit
{
    /// <summary>Refuses a variant asking for more instances than the limit.</summary>
    /// <param name="options">The local options holding the limit.</param>
    /// <param name="variantName">The variant's name.</param>
    /// <param name="requested">The instances it asks for, or null for a variant without a count (serverless).</param>
    /// <param name="resource">The ARN the error names.</param>
    internal static void EnsureWithin(LocalOptions options, string variantName, int? requested, string resource)
    {
        if (requested > options.MaxEndpointInstanceCount)
        {
            throw LocalErrors.ResourceLimitExceeded(
                $"The account-level service limit 'local endpoint instances per variant' is {options.MaxEndpointInstanceCount} Instances, with a request of {requested} Instances for variant {variantName}. Raise LocalOptions.MaxEndpointInstanceCount (MlOps:Local:MaxEndpointInstanceCount) if this machine has the cores.",
                resource);
        }
    }
}
