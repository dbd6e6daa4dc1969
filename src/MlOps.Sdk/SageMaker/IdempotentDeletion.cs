
namespace MlOps.Sdk.SageMaker;

/// <summary>
/// Deletions that succeed when the resource is already gone (<c>ResourceNotFound</c>, <c>Could not find …</c>), so a
/// retried cleanup or a second pipeline deleting the same thing never fails on it.
/// </summary>
internal static class IdempotentDeletion
{
    /// <summary>Runs a deletion; returns <see langword="true"/> when it deleted something, <see langword="false"/> when it was already gone.</summary>
    internal static async Task<bool> RunAsync(Func<Task> delete)
    {
        try
        {
            await delete().ConfigureAwait(false);
            return true;
        }
        catch (MlOpsException e) when (ResourceErrors.IsNotFound(e))
        {
            return false;
        }
    }

    internal static Task<bool> DeleteEndpointAsync(ISageMakerClient sageMaker, string name, CancellationToken cancellationToken) =>
        RunAsync(() => sageMaker.DeleteEndpointAsync(new DeleteEndpointRequest { EndpointName = name }, cancellationToken));

    internal static Task<bool> DeleteEndpointConfigAsync(ISageMakerClient sageMaker, string name, CancellationToken cancellationToken) =>
        RunAsync(() => sageMaker.DeleteEndpointConfigAsync(new DeleteEndpointConfigRequest { EndpointConfigName = name }, cancellationToken));

    internal static Task<bool> DeleteModelAsync(ISageMakerClient sageMaker, string name, CancellationToken cancellationToken) =>
        RunAsync(() => sageMaker.DeleteModelAsync(new DeleteModelRequest { ModelName = name }, cancellationToken));

    internal static Task<bool> DeleteModelPackageAsync(ISageMakerClient sageMaker, string arn, CancellationToken cancellationToken) =>
        RunAsync(() => sageMaker.DeleteModelPackageAsync(new DeleteModelPackageRequest { ModelPackageName = arn }, cancellationToken));
}
