namespace MlOps.Sdk.Local;

/// <summary>
/// The endpoint records of the state store as the endpoint's components change them (the façade, instance repair,
/// scaling): one change per transaction, and the error SageMaker gives for an endpoint that does not exist.
/// </summary>
internal sealed class LocalEndpointRecords(LocalStateStore state, LocalArns arns)
{
    /// <summary>Applies a change to an endpoint's record in one transaction.</summary>
    /// <param name="name">The endpoint's name.</param>
    /// <param name="change">The new record from the current one (return it unchanged to change nothing).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The record as stored, or <see langword="null"/> when the endpoint does not exist.</returns>
    internal Task<LocalEndpointRecord?> SetAsync(string name, Func<LocalEndpointRecord, LocalEndpointRecord> change, CancellationToken cancellationToken) =>
        state.UpdateAsync(LocalResourceKind.Endpoint, name, change, cancellationToken);

    /// <summary>SageMaker's answer for an endpoint that does not exist: a ValidationException naming its ARN.</summary>
    /// <param name="name">The endpoint's name.</param>
    /// <returns>The exception to throw.</returns>
    internal MlOpsException NotFound(string name) =>
        LocalErrors.MissingAsValidation($"Could not find endpoint \"{arns.For(LocalResourceKind.Endpoint, name)}\".", arns.For(LocalResourceKind.Endpoint, name));
}
