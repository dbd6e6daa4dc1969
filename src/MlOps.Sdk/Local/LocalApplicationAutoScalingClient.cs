using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using MlOps.Sdk.SageMaker;
using MlOps.Sdk.Scaling;

namespace MlOps.Sdk.Local;

/// <summary>
/// Application Auto Scaling on one machine: scalable targets and target-tracking policies of local endpoint variants,
/// checked as AWS checks them and kept in the local state, so a pipeline registers, reads and removes them exactly as on
/// AWS. Local mode records no metrics, so its policies never act; the one change of capacity it makes is AWS's: a
/// target registered with a range that excludes the variant's DesiredInstanceCount brings the count into the range,
/// through the same UpdateEndpointWeightsAndCapacities that starts or stops model servers.
/// </summary>
public sealed class LocalApplicationAutoScalingClient : ApplicationAutoScalingClientBase, IDisposable
{
    private const string SageMakerNamespace = "sagemaker";
    private const string VariantInstanceCount = "sagemaker:variant:DesiredInstanceCount";
    private const string TargetTracking = "TargetTrackingScaling";

    private readonly LocalStateStore _state;
    private readonly LocalOptions _options;
    private readonly TimeProvider _timeProvider;

    // The endpoints whose counts a registration changes: the container's client, or one this client creates (and owns)
    // the first time it needs it.
    private readonly Lazy<ISageMakerClient> _sageMaker;
    private readonly bool _ownsSageMaker;

    /// <summary>Creates the client over the home folder the options name.</summary>
    /// <param name="options">Local-mode settings.</param>
    /// <param name="timeProvider">The clock; the system clock when omitted.</param>
    public LocalApplicationAutoScalingClient(IOptions<LocalOptions> options, TimeProvider? timeProvider = null)
        : this(options ?? throw new ArgumentNullException(nameof(options)), new LocalStateStore(options), timeProvider, sageMaker: null)
    {
    }

    internal LocalApplicationAutoScalingClient(IOptions<LocalOptions> options, LocalStateStore state, TimeProvider? timeProvider, Func<ISageMakerClient>? sageMaker)
    {
        _options = options.Value;
        _state = state;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _ownsSageMaker = sageMaker is null;
        _sageMaker = new Lazy<ISageMakerClient>(sageMaker ?? (() => new LocalSageMakerClient(options, timeProvider)), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Releases the SageMaker client this client created for itself, if it did; the endpoints' servers keep running.</summary>
    public void Dispose()
    {
        if (_ownsSageMaker && _sageMaker.IsValueCreated && _sageMaker.Value is IDisposable owned)
        {
            owned.Dispose();
        }
    }

    internal LocalStateStore State => _state;

    /// <inheritdoc />
    protected override async Task<RegisterScalableTargetResponse> RegisterScalableTargetCoreAsync(RegisterScalableTargetRequest request, CancellationToken cancellationToken)
    {
        CheckSupported(request.ServiceNamespace, request.ScalableDimension);
        await CheckVariantExistsAsync(request.ResourceId, cancellationToken).ConfigureAwait(false);
        var key = TargetKey(request.ResourceId, request.ScalableDimension);
        var existing = await _state.GetAsync<ScalableTarget>(LocalResourceKind.ScalableTarget, key, cancellationToken).ConfigureAwait(false);
        var min = request.MinCapacity ?? existing?.MinCapacity
            ?? throw LocalErrors.Validation("MinCapacity is required when registering a new scalable target.", request.ResourceId);
        var max = request.MaxCapacity ?? existing?.MaxCapacity
            ?? throw LocalErrors.Validation("MaxCapacity is required when registering a new scalable target.", request.ResourceId);
        if (min < 1 || min > max)
        {
            throw LocalErrors.Validation($"Minimum capacity ({min}) must be at least 1 and not above maximum capacity ({max}) for a SageMaker variant.", request.ResourceId);
        }

        var target = new ScalableTarget
        {
            ServiceNamespace = SageMakerNamespace,
            ResourceId = request.ResourceId,
            ScalableDimension = request.ScalableDimension,
            MinCapacity = min,
            MaxCapacity = max,
            CreationTime = existing?.CreationTime ?? LocalTimestamp.Now(_timeProvider),
            ScalableTargetARN = existing?.ScalableTargetARN ?? $"arn:aws:application-autoscaling:{_options.ResolveRegion()}:{_options.AccountId}:scalable-target/{Guid.NewGuid():N}",
        };
        await _state.WriteAsync(
            t =>
            {
                if (!t.TryInsert(LocalResourceKind.ScalableTarget, key, target.ScalableTargetARN!, target.CreationTime, target))
                {
                    t.Replace(LocalResourceKind.ScalableTarget, key, target);
                }

                foreach (var tag in request.Tags ?? new Dictionary<string, string>())
                {
                    t.SetTag(target.ScalableTargetARN!, tag.Key, tag.Value);
                }

                return true;
            },
            cancellationToken).ConfigureAwait(false);
        await ScaleIntoRangeAsync(request.ResourceId, min, max, cancellationToken).ConfigureAwait(false);
        return new RegisterScalableTargetResponse { ScalableTargetARN = target.ScalableTargetARN };
    }

    /// <inheritdoc />
    protected override async IAsyncEnumerable<ScalableTarget> DescribeScalableTargetsCoreAsync(DescribeScalableTargetsRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (request.ServiceNamespace != SageMakerNamespace)
        {
            yield break;
        }

        var targets = await _state.ListAsync<ScalableTarget>(LocalResourceKind.ScalableTarget, cancellationToken).ConfigureAwait(false);
        foreach (var target in targets.OrderBy(t => t.ResourceId, StringComparer.Ordinal))
        {
            if ((request.ResourceIds is null || request.ResourceIds.Contains(target.ResourceId))
                && (request.ScalableDimension is null || request.ScalableDimension == target.ScalableDimension))
            {
                yield return target;
            }
        }
    }

    /// <inheritdoc />
    protected override async Task DeregisterScalableTargetCoreAsync(DeregisterScalableTargetRequest request, CancellationToken cancellationToken)
    {
        var key = TargetKey(request.ResourceId, request.ScalableDimension);
        var removed = await _state.WriteAsync(
            t =>
            {
                if (request.ServiceNamespace != SageMakerNamespace || !t.Delete(LocalResourceKind.ScalableTarget, key))
                {
                    return false;
                }

                // As on AWS, deregistering a target deletes its scaling policies.
                foreach (var policy in t.List<ScalingPolicy>(LocalResourceKind.ScalingPolicy).Where(p => p.ResourceId == request.ResourceId && p.ScalableDimension == request.ScalableDimension))
                {
                    t.Delete(LocalResourceKind.ScalingPolicy, PolicyKey(policy.ResourceId, policy.ScalableDimension, policy.PolicyName));
                }

                return true;
            },
            cancellationToken).ConfigureAwait(false);
        if (!removed)
        {
            throw NoScalableTarget(request.ServiceNamespace, request.ResourceId, request.ScalableDimension);
        }
    }

    /// <inheritdoc />
    protected override async Task<PutScalingPolicyResponse> PutScalingPolicyCoreAsync(PutScalingPolicyRequest request, CancellationToken cancellationToken)
    {
        CheckSupported(request.ServiceNamespace, request.ScalableDimension);
        if ((request.PolicyType ?? "StepScaling") != TargetTracking)
        {
            throw LocalErrors.Validation($"Local mode supports {TargetTracking} policies only (got '{request.PolicyType ?? "StepScaling"}').", request.ResourceId);
        }

        var configuration = request.TargetTrackingScalingPolicyConfiguration
            ?? throw LocalErrors.Validation("TargetTrackingScalingPolicyConfiguration is required for a TargetTrackingScaling policy.", request.ResourceId);
        if (configuration.PredefinedMetricSpecification is null)
        {
            throw LocalErrors.Validation("TargetTrackingScalingPolicyConfiguration.PredefinedMetricSpecification is required in local mode (custom metrics are not kept).", request.ResourceId);
        }

        var targetKey = TargetKey(request.ResourceId, request.ScalableDimension);
        if (await _state.GetAsync<ScalableTarget>(LocalResourceKind.ScalableTarget, targetKey, cancellationToken).ConfigureAwait(false) is null)
        {
            throw NoScalableTarget(request.ServiceNamespace, request.ResourceId, request.ScalableDimension);
        }

        var key = PolicyKey(request.ResourceId, request.ScalableDimension, request.PolicyName);
        var existing = await _state.GetAsync<ScalingPolicy>(LocalResourceKind.ScalingPolicy, key, cancellationToken).ConfigureAwait(false);
        var id = Guid.NewGuid().ToString("N");
        var region = _options.ResolveRegion();
        var policy = new ScalingPolicy
        {
            PolicyARN = existing?.PolicyARN ?? $"arn:aws:autoscaling:{region}:{_options.AccountId}:scalingPolicy:{id}:resource/{SageMakerNamespace}/{request.ResourceId}:policyName/{request.PolicyName}",
            PolicyName = request.PolicyName,
            ServiceNamespace = SageMakerNamespace,
            ResourceId = request.ResourceId,
            ScalableDimension = request.ScalableDimension,
            PolicyType = TargetTracking,
            TargetTrackingScalingPolicyConfiguration = configuration,
            Alarms = existing?.Alarms ??
            [
                new ScalingAlarm { AlarmName = $"TargetTracking-{request.ResourceId}-AlarmHigh-{id}", AlarmARN = $"arn:aws:cloudwatch:{region}:{_options.AccountId}:alarm:TargetTracking-{request.ResourceId}-AlarmHigh-{id}" },
                new ScalingAlarm { AlarmName = $"TargetTracking-{request.ResourceId}-AlarmLow-{id}", AlarmARN = $"arn:aws:cloudwatch:{region}:{_options.AccountId}:alarm:TargetTracking-{request.ResourceId}-AlarmLow-{id}" },
            ],
            CreationTime = existing?.CreationTime ?? LocalTimestamp.Now(_timeProvider),
        };
        await _state.WriteAsync(
            t =>
            {
                if (!t.TryInsert(LocalResourceKind.ScalingPolicy, key, policy.PolicyARN, policy.CreationTime, policy))
                {
                    t.Replace(LocalResourceKind.ScalingPolicy, key, policy);
                }

                return true;
            },
            cancellationToken).ConfigureAwait(false);
        return new PutScalingPolicyResponse { PolicyARN = policy.PolicyARN, Alarms = policy.Alarms };
    }

    /// <inheritdoc />
    protected override async IAsyncEnumerable<ScalingPolicy> DescribeScalingPoliciesCoreAsync(DescribeScalingPoliciesRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (request.ServiceNamespace != SageMakerNamespace)
        {
            yield break;
        }

        var policies = await _state.ListAsync<ScalingPolicy>(LocalResourceKind.ScalingPolicy, cancellationToken).ConfigureAwait(false);
        foreach (var policy in policies.OrderBy(p => p.ResourceId, StringComparer.Ordinal).ThenBy(p => p.PolicyName, StringComparer.Ordinal))
        {
            if ((request.PolicyNames is null || request.PolicyNames.Contains(policy.PolicyName))
                && (request.ResourceId is null || request.ResourceId == policy.ResourceId)
                && (request.ScalableDimension is null || request.ScalableDimension == policy.ScalableDimension))
            {
                yield return policy;
            }
        }
    }

    /// <inheritdoc />
    protected override async Task DeleteScalingPolicyCoreAsync(DeleteScalingPolicyRequest request, CancellationToken cancellationToken)
    {
        var key = PolicyKey(request.ResourceId, request.ScalableDimension, request.PolicyName);
        if (request.ServiceNamespace != SageMakerNamespace
            || !await _state.WriteAsync(t => t.Delete(LocalResourceKind.ScalingPolicy, key), cancellationToken).ConfigureAwait(false))
        {
            throw LocalErrors.ObjectNotFound($"No scaling policy found for service namespace: {request.ServiceNamespace}, resource ID: {request.ResourceId}, scalable dimension: {request.ScalableDimension}, policy name: {request.PolicyName}", request.ResourceId);
        }
    }

    /// <summary>
    /// Application Auto Scaling brings a target's capacity into its new range when it is registered; local mode has no
    /// metrics to scale on, so this is the one change of instance count it makes. It goes through
    /// UpdateEndpointWeightsAndCapacities, so the servers start or stop and the endpoint is Updating meanwhile. An
    /// endpoint that is not InService (already Updating) keeps its count: AWS would retry, local mode does not.
    /// </summary>
    private async Task ScaleIntoRangeAsync(string resourceId, int min, int max, CancellationToken cancellationToken)
    {
        var parts = resourceId.Split('/');
        var endpointName = parts[1];
        var variantName = parts[3];
        var record = await _state.GetAsync<LocalEndpointRecord>(LocalResourceKind.Endpoint, endpointName, cancellationToken).ConfigureAwait(false);
        if (record is not { Current: not null, Description.EndpointStatus: EndpointStatus.InService }
            || record.Description.ProductionVariants?.FirstOrDefault(v => v.VariantName == variantName)?.DesiredInstanceCount is not { } count
            || (count >= min && count <= max))
        {
            return;
        }

        await _sageMaker.Value.UpdateEndpointWeightsAndCapacitiesAsync(
            new UpdateEndpointWeightsAndCapacitiesRequest
            {
                EndpointName = endpointName,
                DesiredWeightsAndCapacities = [new DesiredWeightAndCapacity { VariantName = variantName, DesiredInstanceCount = Math.Clamp(count, min, max) }],
            },
            cancellationToken).ConfigureAwait(false);
    }

    private static string TargetKey(string resourceId, string dimension) => $"{dimension}|{resourceId}";

    private static string PolicyKey(string resourceId, string dimension, string policyName) => $"{dimension}|{resourceId}|{policyName}";

    private static MlOpsException NoScalableTarget(string serviceNamespace, string resourceId, string dimension) =>
        LocalErrors.ObjectNotFound($"No scalable target registered for service namespace: {serviceNamespace}, resource ID: {resourceId}, scalable dimension: {dimension}", resourceId);

    private static void CheckSupported(string serviceNamespace, string dimension)
    {
        if (serviceNamespace != SageMakerNamespace || dimension != VariantInstanceCount)
        {
            throw LocalErrors.Validation($"Local mode scales SageMaker endpoint variants only: service namespace '{SageMakerNamespace}' and dimension '{VariantInstanceCount}' (got '{serviceNamespace}', '{dimension}').", dimension);
        }
    }

    private async Task CheckVariantExistsAsync(string resourceId, CancellationToken cancellationToken)
    {
        var parts = resourceId.Split('/');
        if (parts is not ["endpoint", { Length: > 0 } endpointName, "variant", { Length: > 0 } variantName])
        {
            throw LocalErrors.Validation($"Unsupported resource ID '{resourceId}': a SageMaker variant is 'endpoint/<endpoint name>/variant/<variant name>'.", resourceId);
        }

        var endpoint = await _state.GetAsync<LocalEndpointRecord>(LocalResourceKind.Endpoint, endpointName, cancellationToken).ConfigureAwait(false)
            ?? throw LocalErrors.MissingAsValidation($"Could not find endpoint {endpointName} to register {resourceId} as a scalable target.", resourceId);
        if (endpoint.Description.EndpointStatus is not (EndpointStatus.InService or EndpointStatus.Updating)
            || endpoint.Description.ProductionVariants?.Any(v => v.VariantName == variantName) != true)
        {
            throw LocalErrors.Validation($"The endpoint {endpointName} has no variant {variantName} in service (status {endpoint.Description.EndpointStatus}).", resourceId);
        }
    }
}
