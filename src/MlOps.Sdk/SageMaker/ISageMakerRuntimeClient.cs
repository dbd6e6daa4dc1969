namespace MlOps.Sdk.SageMaker;

/// <summary>
/// The SageMaker runtime: invocations of a deployed endpoint. Errors keep the runtime API's types
/// (<c>ValidationError</c> 400, <c>ModelError</c> 424, <c>ModelNotReadyException</c> 429, <c>InternalFailure</c> 500, <c>ServiceUnavailable</c> 503).
/// </summary>
public interface ISageMakerRuntimeClient
{
    /// <summary>Sends one payload to an endpoint (<c>InvokeEndpoint</c>).</summary>
    /// <param name="request">The endpoint and payload.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The model's answer.</returns>
    Task<InvokeEndpointResponse> InvokeEndpointAsync(InvokeEndpointRequest request, CancellationToken cancellationToken = default);
}
