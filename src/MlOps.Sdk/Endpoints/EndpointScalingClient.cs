using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MlOps.Sdk.SageMaker;
using MlOps.Sdk.Scaling;

namespace MlOps.Sdk.Endpoints;

/// <summary>
/// Endpoint auto-scaling through Application Auto Scaling: registers each variant of an endpoint as a scalable target
/// with a target-tracking policy, and removes them before the endpoint changes or goes (AWS keeps targets of deleted
/// endpoints, and refuses an update that changes the instance type of a scaled variant).
/// </summary>
public sealed class EndpointScalingClient
{
    /// <summary>The service namespace of SageMaker resources.</summary>
    public const string ServiceNamespace = "sagemaker";

    /// <summary>The dimension scaled: a variant's instance count.</summary>
    public const string VariantInstanceCount = "sagemaker:variant:DesiredInstanceCount";

    /// <summary>The name of the policy this client puts on each variant.</summary>
    public const string PolicyName = "MlOps-InvocationsPerInstance";

    private readonly ISageMakerClient _sageMaker;
    private readonly IApplicationAutoScalingClient _scaling;
    private readonly ILogger<EndpointScalingClient> _logger;

    /// <summary>Creates the client.</summary>
    /// <param name="sageMaker">Reads the endpoint's variants.</param>
    /// <param name="scaling">Application Auto Scaling.</param>
    /// <param name="logger">Receives what was registered and removed.</param>
    public EndpointScalingClient(ISageMakerClient sageMaker, IApplicationAutoScalingClient scaling, ILogger<EndpointScalingClient>? logger = null)
    {
        _sageMaker = sageMaker ?? throw new ArgumentNullException(nameof(sageMaker));
        _scaling = scaling ?? throw new ArgumentNullException(nameof(scaling));
        _logger = logger ?? NullLogger<EndpointScalingClient>.Instance;
    }

    /// <summary>The resource id of a variant: <c>endpoint/&lt;endpoint&gt;/variant/&lt;variant&gt;</c>.</summary>
    /// <param name="endpointName">The endpoint.</param>
    /// <param name="variantName">The variant.</param>
    /// <returns>The resource id.</returns>
    public static string VariantResourceId(string endpointName, string variantName) => $"endpoint/{endpointName}/variant/{variantName}";

    /// <summary>Makes every variant of an in-service endpoint scale as <paramref name="spec"/> says (creates or updates).</summary>
    /// <param name="endpointName">The endpoint, in service.</param>
    /// <param name="spec">The capacity range and policy.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>The resource ids of the scaled variants.</returns>
    /// <exception cref="MlOpsValidationException">The spec or the endpoint name is invalid; nothing was called.</exception>
    public async Task<IReadOnlyList<string>> ApplyAsync(string endpointName, EndpointAutoScalingSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate();
        var describe = new DescribeEndpointRequest { EndpointName = endpointName };
        describe.Validate();

        var endpoint = await _sageMaker.DescribeEndpointAsync(describe, cancellationToken).ConfigureAwait(false);
        var scaled = new List<string>();
        foreach (var variant in endpoint.ProductionVariants ?? [])
        {
            var resourceId = VariantResourceId(endpointName, variant.VariantName);
            await _scaling.RegisterScalableTargetAsync(
                new RegisterScalableTargetRequest
                {
                    ServiceNamespace = ServiceNamespace,
                    ResourceId = resourceId,
                    ScalableDimension = VariantInstanceCount,
                    MinCapacity = spec.MinCapacity,
                    MaxCapacity = spec.MaxCapacity,
                },
                cancellationToken).ConfigureAwait(false);
            await _scaling.PutScalingPolicyAsync(
                new PutScalingPolicyRequest
                {
                    PolicyName = PolicyName,
                    ServiceNamespace = ServiceNamespace,
                    ResourceId = resourceId,
                    ScalableDimension = VariantInstanceCount,
                    PolicyType = "TargetTrackingScaling",
                    TargetTrackingScalingPolicyConfiguration = new TargetTrackingScalingPolicyConfiguration
                    {
                        TargetValue = spec.TargetInvocationsPerInstance,
                        PredefinedMetricSpecification = new PredefinedMetricSpecification { PredefinedMetricType = "SageMakerVariantInvocationsPerInstance" },
                        ScaleInCooldown = spec.ScaleInCooldownSeconds,
                        ScaleOutCooldown = spec.ScaleOutCooldownSeconds,
                    },
                },
                cancellationToken).ConfigureAwait(false);
            _logger.LogInformation(
                "Auto-scaling {ResourceId}: {Min}-{Max} instances, target {Target} invocations per instance per minute",
                resourceId,
                spec.MinCapacity,
                spec.MaxCapacity,
                spec.TargetInvocationsPerInstance);
            scaled.Add(resourceId);
        }

        return scaled;
    }

    /// <summary>Deregisters every scalable target of an endpoint's variants, with their policies. Nothing registered is fine.</summary>
    /// <param name="endpointName">The endpoint; it may already be gone.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>The resource ids deregistered.</returns>
    /// <exception cref="MlOpsValidationException">The endpoint name is invalid; nothing was called.</exception>
    public Task<IReadOnlyList<string>> RemoveAsync(string endpointName, CancellationToken cancellationToken = default) =>
        RemoveTargetsAsync(endpointName, null, cancellationToken);

    /// <summary>Deregisters the scalable target of one variant of an endpoint, with its policies. Nothing registered is fine.</summary>
    /// <param name="endpointName">The endpoint.</param>
    /// <param name="variantName">The variant.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>The resource ids deregistered (none or one).</returns>
    /// <exception cref="MlOpsValidationException">The endpoint name is invalid; nothing was called.</exception>
    public Task<IReadOnlyList<string>> RemoveVariantAsync(string endpointName, string variantName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(variantName);
        return RemoveTargetsAsync(endpointName, variantName, cancellationToken);
    }

    private async Task<IReadOnlyList<string>> RemoveTargetsAsync(string endpointName, string? variantName, CancellationToken cancellationToken)
    {
        new DescribeEndpointRequest { EndpointName = endpointName }.Validate();
        var prefix = variantName is null ? $"endpoint/{endpointName}/variant/" : VariantResourceId(endpointName, variantName);
        var targets = new List<string>();
        await foreach (var target in _scaling.DescribeScalableTargetsAsync(new DescribeScalableTargetsRequest { ServiceNamespace = ServiceNamespace, ScalableDimension = VariantInstanceCount }, cancellationToken).ConfigureAwait(false))
        {
            if (variantName is null ? target.ResourceId.StartsWith(prefix, StringComparison.Ordinal) : target.ResourceId == prefix)
            {
                targets.Add(target.ResourceId);
            }
        }

        foreach (var resourceId in targets)
        {
            try
            {
                await _scaling.DeregisterScalableTargetAsync(
                    new DeregisterScalableTargetRequest { ServiceNamespace = ServiceNamespace, ResourceId = resourceId, ScalableDimension = VariantInstanceCount },
                    cancellationToken).ConfigureAwait(false);
            }
            catch (MlOpsException ex) when (ex.ErrorCode == MlOpsErrorCodes.ObjectNotFoundException)
            {
                // Another pipeline removed it between the listing and now: the goal is reached.
            }

            _logger.LogInformation("Auto-scaling removed from {ResourceId}", resourceId);
        }

        return targets;
    }
}
