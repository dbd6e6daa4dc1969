using Microsoft.Extensions.Logging;
using MlOps.Sdk.SageMaker;
using MlOps.Sdk.Waiting;

namespace MlOps.Sdk.Endpoints;

/// <summary>
/// An endpoint being created or updated. It completes when the endpoint is in service on
/// <see cref="TargetEndpointConfigName"/>; coming back in service on another config is a rollback and fails with
/// <see cref="EndpointRolledBackException"/>. Rebuild it in a later process from its <see cref="RehydrationToken"/> with
/// <see cref="EndpointClient.RehydrateDeploymentOperation(string)"/>, which keeps the config it replaces (the rollback
/// target), or from the names with <see cref="EndpointClient.GetDeploymentOperation(string, string?)"/>.
/// </summary>
/// <remarks>Safe to share between threads: its state is one immutable snapshot, replaced atomically.</remarks>
public sealed class EndpointDeploymentOperation : MlOpsOperation<DeployedEndpoint>
{
    /// <summary>The error code of an endpoint that ended <c>Failed</c>, <c>UpdateRollbackFailed</c> or <c>OutOfService</c>.</summary>
    public const string EndpointFailedErrorCode = "EndpointFailed";

    internal const string TokenKind = "EndpointDeployment";

    private readonly ISageMakerClient _sageMaker;
    private readonly WaiterOptions _waiter;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private volatile DeployedEndpoint? _latest;

    internal EndpointDeploymentOperation(
        string endpointName,
        string? targetEndpointConfigName,
        string? previousEndpointConfigName,
        ISageMakerClient sageMaker,
        WaiterOptions waiter,
        TimeProvider timeProvider,
        ILogger logger)
    {
        Id = endpointName;
        TargetEndpointConfigName = targetEndpointConfigName;
        PreviousEndpointConfigName = previousEndpointConfigName;
        _sageMaker = sageMaker;
        _waiter = waiter;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>The endpoint name.</summary>
    public override string Id { get; }

    /// <inheritdoc />
    public override string RehydrationToken => new OperationToken(TokenKind, Id, TargetEndpointConfigName, PreviousEndpointConfigName).Encode();

    /// <summary>The config being deployed, or <see langword="null"/> when any config in service will do.</summary>
    public string? TargetEndpointConfigName { get; }

    /// <summary>The config the endpoint served before this deployment, when it existed; the rollback target.</summary>
    public string? PreviousEndpointConfigName { get; }

    /// <summary>Whether this deployment updates an existing endpoint (blue/green) rather than creating one.</summary>
    public bool IsUpdate => PreviousEndpointConfigName is not null;

    /// <summary>Whether the endpoint reached a final state when last read (in service, rolled back or failed).</summary>
    public override bool HasCompleted => _latest is { } latest && IsFinal(latest);

    /// <summary>Whether the endpoint was in service on the deployed config when last read.</summary>
    public override bool HasValue => _latest is { } latest && IsSuccessful(latest);

    /// <summary>The endpoint as last read, or <see langword="null"/> before the first read.</summary>
    public override DeployedEndpoint? Latest => _latest;

    /// <summary>The endpoint, in service on the deployed config.</summary>
    /// <exception cref="InvalidOperationException">The deployment has not completed; wait first.</exception>
    /// <exception cref="EndpointRolledBackException">The endpoint came back on another config.</exception>
    /// <exception cref="MlOpsException">The endpoint failed (<see cref="EndpointFailedErrorCode"/>).</exception>
    public override DeployedEndpoint Value
    {
        get
        {
            var latest = _latest;
            if (latest is null || !IsFinal(latest))
            {
                throw new InvalidOperationException($"Deployment of endpoint '{Id}' has not completed; call WaitForCompletionAsync or UpdateStatusAsync first.");
            }

            ThrowIfUnsuccessful(latest);
            return latest;
        }
    }

    /// <summary>Reads the endpoint's status once.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The endpoint as described now.</returns>
    public override async Task<DeployedEndpoint> UpdateStatusAsync(CancellationToken cancellationToken = default)
    {
        var response = await _sageMaker.DescribeEndpointAsync(new DescribeEndpointRequest { EndpointName = Id }, cancellationToken).ConfigureAwait(false);
        var endpoint = DeployedEndpoint.FromDescription(response);
        _latest = endpoint;
        return endpoint;
    }

    /// <inheritdoc />
    /// <exception cref="EndpointRolledBackException">The endpoint came back on another config: a silent rollback.</exception>
    public override Task<DeployedEndpoint> WaitForCompletionAsync(CancellationToken cancellationToken) =>
        WaitForCompletionAsync(null, cancellationToken);

    /// <summary>Polls until the endpoint is in service, reporting each change through the logger and <paramref name="progress"/>.</summary>
    /// <param name="progress">Receives each change of status, config or weights.</param>
    /// <param name="cancellationToken">Stops waiting (the deployment goes on).</param>
    /// <returns>The endpoint, in service on the deployed config.</returns>
    /// <exception cref="EndpointRolledBackException">The endpoint came back on another config: a silent rollback.</exception>
    /// <exception cref="MlOpsException">The endpoint failed, the waiter ran out of attempts (<c>WaiterTimeout</c>), or a call failed.</exception>
    public async Task<DeployedEndpoint> WaitForCompletionAsync(IProgress<EndpointDeploymentProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var started = _timeProvider.GetTimestamp();
        string? lastKey = null;
        var endpoint = await StatusPoller.PollAsync(
            async ct =>
            {
                var current = await UpdateStatusAsync(ct).ConfigureAwait(false);
                var key = $"{current.Status}|{current.EndpointConfigName}|{string.Join(",", current.Variants.Select(v => $"{v.VariantName}:{v.CurrentWeight}:{v.DesiredWeight}:{v.CurrentInstanceCount}"))}";
                if (key != lastKey)
                {
                    lastKey = key;
                    var elapsed = _timeProvider.GetElapsedTime(started);
                    _logger.LogInformation(
                        "Endpoint {EndpointName}: {EndpointStatus} on {EndpointConfigName} (deploying {TargetEndpointConfigName}, waited {Elapsed})",
                        Id,
                        current.Status,
                        current.EndpointConfigName,
                        TargetEndpointConfigName,
                        elapsed);
                    progress?.Report(new EndpointDeploymentProgress(Id, current.Status, current.EndpointConfigName, TargetEndpointConfigName, current.Variants, elapsed));
                }

                return current;
            },
            IsFinal,
            _waiter,
            _timeProvider,
            "endpoint",
            Id,
            cancellationToken).ConfigureAwait(false);

        ThrowIfUnsuccessful(endpoint);
        _logger.LogInformation("Endpoint {EndpointName} is in service on {EndpointConfigName}", Id, endpoint.EndpointConfigName);
        return endpoint;
    }

    private static bool IsFinal(DeployedEndpoint endpoint) =>
        endpoint.Status is EndpointStatus.InService or EndpointStatus.Failed or EndpointStatus.UpdateRollbackFailed or EndpointStatus.OutOfService or EndpointStatus.Deleting;

    private bool IsSuccessful(DeployedEndpoint endpoint) =>
        endpoint.Status == EndpointStatus.InService && (TargetEndpointConfigName is null || endpoint.EndpointConfigName == TargetEndpointConfigName);

    private void ThrowIfUnsuccessful(DeployedEndpoint endpoint)
    {
        if (endpoint.Status != EndpointStatus.InService)
        {
            _logger.LogError("Endpoint {EndpointName} ended {EndpointStatus}: {FailureReason}", Id, endpoint.Status, endpoint.FailureReason);
            throw new MlOpsException(
                $"Endpoint '{Id}' is {endpoint.Status}: {endpoint.FailureReason ?? "no reason given"}",
                EndpointFailedErrorCode,
                resourceName: Id);
        }

        if (TargetEndpointConfigName is not null && endpoint.EndpointConfigName != TargetEndpointConfigName)
        {
            _logger.LogError("Endpoint {EndpointName} rolled back to {EndpointConfigName} instead of {TargetEndpointConfigName}", Id, endpoint.EndpointConfigName, TargetEndpointConfigName);
            throw new EndpointRolledBackException(Id, TargetEndpointConfigName, endpoint.EndpointConfigName, endpoint.FailureReason);
        }
    }
}
