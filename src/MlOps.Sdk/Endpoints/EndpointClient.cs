using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MlOps.Sdk.Naming;
using MlOps.Sdk.SageMaker;
using MlOps.Sdk.Waiting;

namespace MlOps.Sdk.Endpoints;

/// <summary>
/// Deploys model package versions to endpoints (create, or blue/green update), waits for them, invokes and tests them,
/// and rolls them back. Immutable and thread-safe; it talks only to the SageMaker ports.
/// </summary>
public sealed class EndpointClient
{
    /// <summary>The error code when an endpoint is being created or updated by someone else.</summary>
    public const string EndpointBusyErrorCode = "EndpointBusy";

    /// <summary>The error code when there is no config to roll back to.</summary>
    public const string NoRollbackTargetErrorCode = "NoRollbackTarget";

    private const int MaxReportedBodyLength = 1000;

    private readonly ISageMakerClient _sageMaker;
    private readonly ISageMakerRuntimeClient _runtime;
    private readonly EndpointOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<EndpointClient> _logger;
    private readonly EndpointScalingClient? _scaling;

    /// <summary>Creates a client.</summary>
    /// <param name="sageMaker">The SageMaker control plane.</param>
    /// <param name="runtime">The SageMaker runtime.</param>
    /// <param name="options">Waiter timings.</param>
    /// <param name="timeProvider">The clock waits and latency measurements run on.</param>
    /// <param name="logger">Receives progress.</param>
    /// <param name="scaling">
    /// Removes the auto-scaling of a variant that a deploy replaces (another variant name or instance type) or deletes,
    /// since AWS keeps targets of deleted variants and refuses to change the instance type of a scaled one; without it,
    /// none is removed.
    /// </param>
    public EndpointClient(ISageMakerClient sageMaker, ISageMakerRuntimeClient runtime, IOptions<EndpointOptions>? options = null, TimeProvider? timeProvider = null, ILogger<EndpointClient>? logger = null, EndpointScalingClient? scaling = null)
    {
        _scaling = scaling;
        _sageMaker = sageMaker ?? throw new ArgumentNullException(nameof(sageMaker));
        _runtime = runtime ?? throw new ArgumentNullException(nameof(runtime));
        _options = options?.Value ?? new EndpointOptions();
        _options.InServiceWaiter.Validate($"{nameof(EndpointOptions)}.{nameof(EndpointOptions.InServiceWaiter)}");
        _options.DeletedWaiter.Validate($"{nameof(EndpointOptions)}.{nameof(EndpointOptions.DeletedWaiter)}");
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger<EndpointClient>.Instance;
    }

    /// <summary>
    /// Deploys: creates the model and a content-hashed endpoint config (reused when they exist, so a retry is safe), then
    /// creates the endpoint, or updates an existing one blue/green with the spec's traffic routing and rollback alarms.
    /// An update records the deploying run's <see cref="StandardTagKeys.Pipeline"/> and <see cref="StandardTagKeys.Commit"/>
    /// tags on the endpoint, and is refused when a newer pipeline deployed it last (see
    /// <see cref="EndpointDeploymentSpec.AllowOutdatedDeployment"/>).
    /// </summary>
    /// <param name="spec">What to deploy where.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>
    /// An operation to wait on; already complete when the endpoint serves this config. When a deployment of this same
    /// config is already in progress on the endpoint (DescribeEndpoint's <c>PendingDeploymentSummary</c>, as a retried
    /// deploy finds its own), nothing is changed and the operation waits on that deployment.
    /// </returns>
    /// <exception cref="MlOpsValidationException">The spec breaks a rule; nothing was sent.</exception>
    /// <exception cref="EndpointSupersededException">A newer pipeline deployed the endpoint last; nothing was changed on it.</exception>
    /// <exception cref="MlOpsException">The endpoint is being created or updated, other than to this config (<see cref="EndpointBusyErrorCode"/>), or a call failed.</exception>
    public async Task<EndpointDeploymentOperation> DeployAsync(EndpointDeploymentSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate();
        var tags = ManagedTags.ToWire(spec.Tags);
        var modelName = await EnsureModelAsync(spec, tags, cancellationToken).ConfigureAwait(false);
        var configName = await EnsureEndpointConfigAsync(spec, modelName, tags, cancellationToken).ConfigureAwait(false);

        var existing = await TryDescribeEndpointAsync(spec.EndpointName, cancellationToken).ConfigureAwait(false);
        if (existing is { Status: EndpointStatus.Failed } && spec.RecreateFailedEndpoint)
        {
            _logger.LogWarning("Endpoint {EndpointName} is Failed ({FailureReason}); deleting it to create it again", spec.EndpointName, existing.FailureReason);
            await RemoveScalingAsync(spec.EndpointName, null, cancellationToken).ConfigureAwait(false);
            await IdempotentDeletion.DeleteEndpointAsync(_sageMaker, spec.EndpointName, cancellationToken).ConfigureAwait(false);
            await WaitUntilDeletedAsync(spec.EndpointName, cancellationToken).ConfigureAwait(false);
            existing = null;
        }

        if (existing is null)
        {
            var request = new CreateEndpointRequest { EndpointName = spec.EndpointName, EndpointConfigName = configName, Tags = tags };
            request.Validate();
            var created = await _sageMaker.CreateEndpointAsync(request, cancellationToken).ConfigureAwait(false);
            _logger.LogInformation("Creating endpoint {EndpointName} ({EndpointArn}) on {EndpointConfigName}", spec.EndpointName, created.EndpointArn, configName);
            return NewOperation(spec.EndpointName, configName, null);
        }

        if (existing.EndpointConfigName == configName)
        {
            _logger.LogInformation("Endpoint {EndpointName} already serves {EndpointConfigName} ({EndpointStatus})", spec.EndpointName, configName, existing.Status);
            return NewOperation(spec.EndpointName, configName, null);
        }

        // A retry of this very deploy (a CI job run again after its runner was lost) finds its own update still in
        // flight: it waits on that update rather than fail as busy. Nothing is changed, so no outdated check is needed.
        if (existing.PendingDeployment?.EndpointConfigName == configName)
        {
            _logger.LogInformation(
                "Endpoint {EndpointName} is already being deployed from {PreviousEndpointConfigName} to {EndpointConfigName} ({EndpointStatus}); returning that deployment to wait on",
                spec.EndpointName,
                existing.EndpointConfigName,
                configName,
                existing.Status);
            return NewOperation(spec.EndpointName, configName, existing.EndpointConfigName);
        }

        await RefuseOutdatedDeploymentAsync(spec, configName, existing, cancellationToken).ConfigureAwait(false);
        if (existing.Status != EndpointStatus.InService)
        {
            throw new MlOpsException(
                $"Endpoint '{spec.EndpointName}' is {existing.Status} on config '{existing.EndpointConfigName}'; another deployment is in progress or it needs repair. Retry once it is InService.",
                existing.Status == EndpointStatus.Failed ? EndpointDeploymentOperation.EndpointFailedErrorCode : EndpointBusyErrorCode,
                resourceName: spec.EndpointName);
        }

        var previous = existing.EndpointConfigName!;
        var update = new UpdateEndpointRequest
        {
            EndpointName = spec.EndpointName,
            EndpointConfigName = configName,
            DeploymentConfig = spec.ToDeploymentConfig(),
            RetainAllVariantProperties = spec.KeepInstanceCountsOnUpdate ? true : null,
        };
        update.Validate();
        await RemoveScalingOfReplacedVariantsAsync(spec, previous, existing, cancellationToken).ConfigureAwait(false);
        await RememberPreviousConfigAsync(existing.Arn, previous, DeploymentTags(spec.Tags), cancellationToken).ConfigureAwait(false);
        await _sageMaker.UpdateEndpointAsync(update, cancellationToken).ConfigureAwait(false);
        _logger.LogInformation(
            "Updating endpoint {EndpointName} blue/green from {PreviousEndpointConfigName} to {EndpointConfigName} ({TrafficRouting})",
            spec.EndpointName,
            previous,
            configName,
            spec.TrafficRouting.Type);
        return NewOperation(spec.EndpointName, configName, previous);
    }

    /// <summary>Rebuilds the operation of a deployment started earlier, possibly by another process.</summary>
    /// <param name="endpointName">The endpoint.</param>
    /// <param name="expectedEndpointConfigName">The config being deployed, or <see langword="null"/> when any config in service will do.</param>
    /// <returns>An operation to wait on; nothing is read until it is used.</returns>
    public EndpointDeploymentOperation GetDeploymentOperation(string endpointName, string? expectedEndpointConfigName = null)
    {
        SageMakerNameRules.Validate(endpointName, "EndpointName");
        return NewOperation(endpointName, expectedEndpointConfigName, null);
    }

    /// <summary>
    /// Rebuilds a deployment from the <see cref="MlOpsOperation{T}.RehydrationToken"/> of one started earlier, possibly by
    /// another process: the endpoint, the config being deployed and the config it replaces, so a later rollback knows its target.
    /// </summary>
    /// <param name="rehydrationToken">The token the operation gave.</param>
    /// <returns>An operation to wait on; nothing is read until it is used.</returns>
    /// <exception cref="MlOpsValidationException">The token is not an endpoint deployment's, or is damaged (<c>rehydrationToken</c>).</exception>
    public EndpointDeploymentOperation RehydrateDeploymentOperation(string rehydrationToken)
    {
        var token = OperationToken.Decode(rehydrationToken, EndpointDeploymentOperation.TokenKind);
        SageMakerNameRules.Validate(token.Id, OperationToken.FieldName + ".EndpointName");
        foreach (var (config, field) in new[] { (token.Target, "EndpointConfigName"), (token.Previous, "PreviousEndpointConfigName") })
        {
            if (config is not null)
            {
                SageMakerNameRules.Validate(config, OperationToken.FieldName + "." + field);
            }
        }

        return NewOperation(token.Id, token.Target, token.Previous);
    }

    /// <summary>Describes an endpoint.</summary>
    /// <param name="endpointName">The endpoint.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The endpoint, or <see langword="null"/> when it does not exist.</returns>
    public async Task<DeployedEndpoint?> GetEndpointAsync(string endpointName, CancellationToken cancellationToken = default)
    {
        SageMakerNameRules.Validate(endpointName, "EndpointName");
        return await TryDescribeEndpointAsync(endpointName, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Checks that an endpoint still serves the config this caller deployed, and that no deployment of another config is
    /// in progress on it, before it tests or rolls back that deployment: when it serves another one, a newer deployment
    /// has replaced it since; when an update to another config is pending (DescribeEndpoint's
    /// <c>PendingDeploymentSummary</c>, while the endpoint still names the config in service), a newer deployment is in
    /// flight. Either way testing it would test the newer one, and rolling back would undo it. An update pending to this
    /// caller's own config (its deploy started without waiting) is not a newer one. An optimistic-concurrency check; it
    /// changes nothing.
    /// </summary>
    /// <param name="endpointName">The endpoint.</param>
    /// <param name="deployedEndpointConfigName">The config this caller's deployment put, or is putting, in service.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The endpoint, or <see langword="null"/> when it does not exist.</returns>
    /// <exception cref="EndpointSupersededException">
    /// A deployment of another config is in progress (<see cref="EndpointSupersededException.PendingEndpointConfigName"/>),
    /// or, with none in progress, the endpoint serves another config.
    /// </exception>
    public async Task<DeployedEndpoint?> EnsureNotSupersededAsync(string endpointName, string deployedEndpointConfigName, CancellationToken cancellationToken = default)
    {
        SageMakerNameRules.Validate(endpointName, "EndpointName");
        SageMakerNameRules.Validate(deployedEndpointConfigName, "EndpointConfigName");
        var endpoint = await TryDescribeEndpointAsync(endpointName, cancellationToken).ConfigureAwait(false);
        if (endpoint?.PendingDeployment?.EndpointConfigName is { Length: > 0 } pending)
        {
            if (pending != deployedEndpointConfigName)
            {
                throw new EndpointSupersededException(endpointName, deployedEndpointConfigName, endpoint.EndpointConfigName, pendingEndpointConfigName: pending);
            }

            return endpoint;
        }

        if (endpoint is not null && endpoint.EndpointConfigName != deployedEndpointConfigName)
        {
            throw new EndpointSupersededException(endpointName, deployedEndpointConfigName, endpoint.EndpointConfigName);
        }

        return endpoint;
    }

    /// <summary>
    /// Reads what an endpoint serves now: for each production variant of the config in service, its model, instances
    /// and the model package version or model data behind it.
    /// </summary>
    /// <param name="endpointName">The endpoint.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>The variants, or an empty list when the endpoint does not exist or serves no config yet.</returns>
    public async Task<IReadOnlyList<ServedVariant>> GetServedVariantsAsync(string endpointName, CancellationToken cancellationToken = default)
    {
        SageMakerNameRules.Validate(endpointName, "EndpointName");
        var endpoint = await TryDescribeEndpointAsync(endpointName, cancellationToken).ConfigureAwait(false);
        if (endpoint?.EndpointConfigName is not { Length: > 0 } configName)
        {
            return [];
        }

        var config = await _sageMaker.DescribeEndpointConfigAsync(new DescribeEndpointConfigRequest { EndpointConfigName = configName }, cancellationToken).ConfigureAwait(false);
        var served = new List<ServedVariant>();
        foreach (var variant in config.ProductionVariants)
        {
            var container = variant.ModelName is { Length: > 0 } modelName
                ? (await _sageMaker.DescribeModelAsync(new DescribeModelRequest { ModelName = modelName }, cancellationToken).ConfigureAwait(false)).PrimaryContainer
                : null;
            served.Add(new ServedVariant
            {
                EndpointName = endpointName,
                EndpointConfigName = configName,
                VariantName = variant.VariantName,
                ModelName = variant.ModelName,
                InstanceType = variant.InstanceType,
                InstanceCount = endpoint.Variants.FirstOrDefault(v => v.VariantName == variant.VariantName)?.CurrentInstanceCount ?? variant.InitialInstanceCount,
                ModelPackageArn = container?.ModelPackageName,
                ModelDataUrl = container?.ModelDataUrl,
                Image = container?.Image,
            });
        }

        return served;
    }

    /// <summary>Sends one payload to an endpoint.</summary>
    /// <param name="endpointName">The endpoint.</param>
    /// <param name="body">The payload (at most 6 MB).</param>
    /// <param name="contentType">The payload's MIME type.</param>
    /// <param name="accept">The MIME type wanted for the answer, if any.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The model's answer.</returns>
    public Task<InvokeEndpointResponse> InvokeAsync(string endpointName, ReadOnlyMemory<byte> body, string contentType = "application/json", string? accept = null, CancellationToken cancellationToken = default)
    {
        SageMakerNameRules.Validate(endpointName, "EndpointName");
        if (body.Length > InvokeEndpointRequest.MaxBodyBytes)
        {
            throw new MlOpsValidationException("Body", $"must be at most {InvokeEndpointRequest.MaxBodyBytes} bytes (got {body.Length})", endpointName);
        }

        InvokeEndpointRequest.ValidateHeader(contentType, 1024, "ContentType");
        InvokeEndpointRequest.ValidateHeader(accept, 1024, "Accept");

        return _runtime.InvokeEndpointAsync(new InvokeEndpointRequest { EndpointName = endpointName, Body = body, ContentType = contentType, Accept = accept }, cancellationToken);
    }

    /// <summary>
    /// Tests an endpoint: a health invocation, each sample against its expected answer or schema, then latency percentiles
    /// over sequential requests. Failures are recorded in the report, not thrown.
    /// </summary>
    /// <param name="endpointName">The endpoint.</param>
    /// <param name="plan">What to check.</param>
    /// <param name="cancellationToken">Cancels the tests.</param>
    /// <returns>The report.</returns>
    public async Task<EndpointTestReport> TestEndpointAsync(string endpointName, EndpointTestPlan plan, CancellationToken cancellationToken = default)
    {
        SageMakerNameRules.Validate(endpointName, "EndpointName");
        ArgumentNullException.ThrowIfNull(plan);
        plan.Validate();
        var startedAt = _timeProvider.GetUtcNow();
        var healthCase = plan.Health ?? plan.Samples[0] with { Name = "health", ExpectedResponse = null, ExpectedSchema = null };
        var health = await RunCaseAsync(endpointName, healthCase with { Name = "health" }, cancellationToken).ConfigureAwait(false);
        _logger.LogInformation("Endpoint {EndpointName} health: {Passed} in {Latency} {Message}", endpointName, health.Passed ? "ok" : "FAILED", health.Latency, health.Message);

        var samples = new List<EndpointTestResult>(plan.Samples.Count);
        foreach (var sample in plan.Samples)
        {
            var result = await RunCaseAsync(endpointName, sample, cancellationToken).ConfigureAwait(false);
            _logger.LogInformation("Endpoint {EndpointName} sample {Sample}: {Passed} in {Latency} {Message}", endpointName, sample.Name, result.Passed ? "ok" : "FAILED", result.Latency, result.Message);
            samples.Add(result);
        }

        LatencyReport? latency = null;
        if (plan.LatencyRequests > 0)
        {
            var request = plan.LatencyRequest ?? healthCase;
            latency = (await MeasureLatencyAsync([endpointName], request, plan.LatencyRequests, cancellationToken).ConfigureAwait(false))[0];
            _logger.LogInformation(
                "Endpoint {EndpointName} latency over {Requests} requests: p50 {P50}, p90 {P90}, p99 {P99}, {Failures} failed",
                endpointName,
                latency.Requests,
                latency.P50,
                latency.P90,
                latency.P99,
                latency.Failures);
        }

        return new EndpointTestReport { EndpointName = endpointName, StartedAt = startedAt, Health = health, Samples = samples, Latency = latency };
    }

    /// <summary>
    /// Measures each case's latency on several endpoints side by side: every round sends the case once to each endpoint in
    /// turn, so a slow moment of the network or the host falls on all of them alike. Failures are counted, not thrown.
    /// </summary>
    /// <param name="endpointNames">The endpoints, such as a candidate and production.</param>
    /// <param name="cases">The requests to time.</param>
    /// <param name="repeats">How many times each case goes to each endpoint (1 to 1000).</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <returns>One comparison per case, in the order given.</returns>
    /// <exception cref="MlOpsValidationException">An endpoint name is invalid, no endpoint or case is given, or <paramref name="repeats"/> is out of range.</exception>
    public async Task<IReadOnlyList<CaseLatencyComparison>> CompareLatencyAsync(IReadOnlyList<string> endpointNames, IReadOnlyList<EndpointTestCase> cases, int repeats, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endpointNames);
        ArgumentNullException.ThrowIfNull(cases);
        if (endpointNames.Count == 0)
        {
            throw new MlOpsValidationException("endpointNames", "must name at least one endpoint");
        }

        foreach (var name in endpointNames)
        {
            SageMakerNameRules.Validate(name, "EndpointName");
        }

        if (cases.Count == 0)
        {
            throw new MlOpsValidationException("cases", "must hold at least one request to time");
        }

        if (repeats is < 1 or > 1000)
        {
            throw new MlOpsValidationException("repeats", $"must be from 1 to 1000 (got {repeats})");
        }

        var comparisons = new List<CaseLatencyComparison>(cases.Count);
        foreach (var testCase in cases)
        {
            var reports = await MeasureLatencyAsync(endpointNames, testCase, repeats, cancellationToken).ConfigureAwait(false);
            comparisons.Add(new CaseLatencyComparison
            {
                CaseName = testCase.Name,
                ByEndpoint = endpointNames.Select((name, i) => (name, reports[i])).ToDictionary(p => p.name, p => p.Item2, StringComparer.Ordinal),
            });
        }

        return comparisons;
    }

    /// <summary>
    /// Moves an endpoint back to a previous config: the one given, or the one it served before its last update (remembered
    /// in the <see cref="StandardTagKeys.PreviousEndpointConfig"/> tag).
    /// </summary>
    /// <param name="endpointName">The endpoint.</param>
    /// <param name="toEndpointConfigName">The config to go back to, or <see langword="null"/> for the remembered one.</param>
    /// <param name="fromEndpointConfigName">
    /// The config whose deployment this rollback undoes, or <see langword="null"/> for whatever the endpoint serves. When
    /// given and the endpoint serves another config (a newer deployment replaced it), nothing is changed and
    /// <see cref="EndpointSupersededException"/> is thrown: the rollback would undo the newer deployment.
    /// </param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>An operation to wait on.</returns>
    /// <exception cref="EndpointSupersededException">The endpoint no longer serves <paramref name="fromEndpointConfigName"/>.</exception>
    /// <exception cref="MlOpsException">There is no config to go back to (<see cref="NoRollbackTargetErrorCode"/>), or a call failed.</exception>
    public async Task<EndpointDeploymentOperation> RollbackAsync(string endpointName, string? toEndpointConfigName = null, string? fromEndpointConfigName = null, CancellationToken cancellationToken = default)
    {
        SageMakerNameRules.Validate(endpointName, "EndpointName");
        if (toEndpointConfigName is not null)
        {
            SageMakerNameRules.Validate(toEndpointConfigName, "EndpointConfigName");
        }

        if (fromEndpointConfigName is not null)
        {
            SageMakerNameRules.Validate(fromEndpointConfigName, "fromEndpointConfigName");
        }

        var endpoint = await TryDescribeAsync(endpointName, cancellationToken).ConfigureAwait(false)
            ?? throw new MlOpsException($"Endpoint '{endpointName}' does not exist; there is nothing to roll back.", NoRollbackTargetErrorCode, resourceName: endpointName);
        var target = toEndpointConfigName ?? await GetRememberedPreviousConfigAsync(endpoint.EndpointArn, cancellationToken).ConfigureAwait(false)
            ?? throw new MlOpsException($"Endpoint '{endpointName}' has no previous config recorded; name the config to roll back to.", NoRollbackTargetErrorCode, resourceName: endpointName);
        if (endpoint.EndpointConfigName == target)
        {
            _logger.LogInformation("Endpoint {EndpointName} already serves {EndpointConfigName}; nothing to roll back", endpointName, target);
            return NewOperation(endpointName, target, null);
        }

        if (fromEndpointConfigName is not null && endpoint.EndpointConfigName != fromEndpointConfigName)
        {
            throw new EndpointSupersededException(endpointName, fromEndpointConfigName, endpoint.EndpointConfigName);
        }

        // A rollback is an update like any other: it keeps the guardrails of the last deployment (blue/green shift,
        // rollback alarms) and the variants' instance counts and weights, which auto-scaling may have changed since the
        // configs were written. The config rolled back from is remembered, as every update does: its fleet serves until
        // the shift is over, so cleanup must not take it.
        var update = new UpdateEndpointRequest
        {
            EndpointName = endpointName,
            EndpointConfigName = target,
            DeploymentConfig = endpoint.LastDeploymentConfig,
            RetainAllVariantProperties = true,
        };
        update.Validate();
        if (endpoint.EndpointConfigName is { } current)
        {
            await RememberPreviousConfigAsync(endpoint.EndpointArn, current, [], cancellationToken).ConfigureAwait(false);
        }

        await _sageMaker.UpdateEndpointAsync(update, cancellationToken).ConfigureAwait(false);
        _logger.LogWarning("Rolling endpoint {EndpointName} back from {EndpointConfigName} to {PreviousEndpointConfigName}", endpointName, endpoint.EndpointConfigName, target);
        return NewOperation(endpointName, target, endpoint.EndpointConfigName);
    }

    /// <summary>
    /// Deploys, waits until in service, tests, and — when the tests fail on an updated endpoint and
    /// <paramref name="rollbackOnFailure"/> is set — rolls back to the previous config and waits for that too.
    /// </summary>
    /// <param name="spec">What to deploy where.</param>
    /// <param name="plan">What to test.</param>
    /// <param name="rollbackOnFailure">Whether failed tests roll an update back.</param>
    /// <param name="progress">Receives deployment progress.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>What was deployed, the test report, and whether it was rolled back.</returns>
    public async Task<VerifiedDeployment> DeployAndTestAsync(EndpointDeploymentSpec spec, EndpointTestPlan plan, bool rollbackOnFailure = true, IProgress<EndpointDeploymentProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(plan);
        plan.Validate();
        var operation = await DeployAsync(spec, cancellationToken).ConfigureAwait(false);
        var endpoint = await operation.WaitForCompletionAsync(progress, cancellationToken).ConfigureAwait(false);
        var report = await TestEndpointAsync(spec.EndpointName, plan, cancellationToken).ConfigureAwait(false);
        if (report.Passed || !rollbackOnFailure || operation.PreviousEndpointConfigName is null)
        {
            return new VerifiedDeployment { Endpoint = endpoint, DeployedEndpointConfigName = operation.TargetEndpointConfigName!, TestReport = report };
        }

        _logger.LogError("Endpoint {EndpointName} failed its tests on {EndpointConfigName}: {Failures}", spec.EndpointName, operation.TargetEndpointConfigName, string.Join("; ", report.Failures));
        var rollback = await RollbackAsync(spec.EndpointName, operation.PreviousEndpointConfigName, operation.TargetEndpointConfigName, cancellationToken).ConfigureAwait(false);
        var restored = await rollback.WaitForCompletionAsync(progress, cancellationToken).ConfigureAwait(false);
        return new VerifiedDeployment
        {
            Endpoint = restored,
            DeployedEndpointConfigName = operation.TargetEndpointConfigName!,
            TestReport = report,
            RolledBack = true,
            RolledBackToEndpointConfigName = operation.PreviousEndpointConfigName,
        };
    }

    /// <summary>Deletes an endpoint and, optionally, the config it served and that config's models. Missing resources are skipped.</summary>
    /// <param name="endpointName">The endpoint.</param>
    /// <param name="deleteConfigAndModels">Whether to delete its config and models too.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>Whether the endpoint existed.</returns>
    public async Task<bool> DeleteEndpointAsync(string endpointName, bool deleteConfigAndModels = true, CancellationToken cancellationToken = default)
    {
        SageMakerNameRules.Validate(endpointName, "EndpointName");
        var endpoint = await TryDescribeEndpointAsync(endpointName, cancellationToken).ConfigureAwait(false);
        if (endpoint is null)
        {
            _logger.LogInformation("Endpoint {EndpointName} does not exist; nothing to delete", endpointName);
            return false;
        }

        IReadOnlyList<string> models = [];
        if (deleteConfigAndModels && endpoint.EndpointConfigName is { } config)
        {
            models = await TryGetModelNamesAsync(config, cancellationToken).ConfigureAwait(false);
        }

        await RemoveScalingAsync(endpointName, null, cancellationToken).ConfigureAwait(false);
        await IdempotentDeletion.DeleteEndpointAsync(_sageMaker, endpointName, cancellationToken).ConfigureAwait(false);
        _logger.LogInformation("Deleted endpoint {EndpointName}", endpointName);
        if (deleteConfigAndModels && endpoint.EndpointConfigName is { } configName)
        {
            await IdempotentDeletion.DeleteEndpointConfigAsync(_sageMaker, configName, cancellationToken).ConfigureAwait(false);
            _logger.LogInformation("Deleted endpoint config {EndpointConfigName}", configName);
            foreach (var model in models)
            {
                await IdempotentDeletion.DeleteModelAsync(_sageMaker, model, cancellationToken).ConfigureAwait(false);
                _logger.LogInformation("Deleted model {ModelName}", model);
            }
        }

        return true;
    }

    private EndpointDeploymentOperation NewOperation(string endpointName, string? target, string? previous) =>
        new(endpointName, target, previous, _sageMaker, _options.InServiceWaiter, _timeProvider, _logger);

    private async Task<string> EnsureModelAsync(EndpointDeploymentSpec spec, IReadOnlyList<Tag> tags, CancellationToken cancellationToken)
    {
        var environment = spec.Environment.Count == 0 ? null : new SortedDictionary<string, string>(spec.Environment.ToDictionary(), StringComparer.Ordinal);
        var definition = JsonSerializer.Serialize(new { spec.ModelPackageArn, spec.Image, spec.ModelDataUrl, spec.ExecutionRoleArn, Environment = environment });
        var modelName = ResourceNamer.DeploymentModelName(spec.EndpointName, definition);
        var request = new CreateModelRequest
        {
            ModelName = modelName,
            ExecutionRoleArn = spec.ExecutionRoleArn,
            PrimaryContainer = new ContainerDefinition
            {
                ModelPackageName = spec.ModelPackageArn,
                Image = spec.ModelPackageArn is null ? spec.Image : null,
                ModelDataUrl = spec.ModelPackageArn is null ? spec.ModelDataUrl : null,
                Environment = environment,
            },
            Tags = tags,
        };
        request.Validate(nameof(EndpointDeploymentSpec));
        try
        {
            await _sageMaker.CreateModelAsync(request, cancellationToken).ConfigureAwait(false);
            _logger.LogInformation("Created model {ModelName} for {ModelSource}", modelName, spec.ModelPackageArn ?? spec.ModelDataUrl);
        }
        catch (MlOpsException e) when (ResourceErrors.IsAlreadyExists(e))
        {
            _logger.LogInformation("Model {ModelName} already exists; reusing it", modelName);
        }

        return modelName;
    }

    private async Task<string> EnsureEndpointConfigAsync(EndpointDeploymentSpec spec, string modelName, IReadOnlyList<Tag> tags, CancellationToken cancellationToken)
    {
        var variant = new ProductionVariant
        {
            VariantName = spec.VariantName,
            ModelName = modelName,
            InstanceType = spec.InstanceType,
            InitialInstanceCount = spec.InstanceCount,
            InitialVariantWeight = 1.0,
            ContainerStartupHealthCheckTimeoutInSeconds = spec.ContainerStartupHealthCheckTimeout is { } t ? (int)t.TotalSeconds : null,
        };
        var definition = JsonSerializer.Serialize(new
        {
            variant.VariantName,
            variant.ModelName,
            variant.InstanceType,
            variant.InitialInstanceCount,
            variant.ContainerStartupHealthCheckTimeoutInSeconds,
        });
        var configName = ResourceNamer.EndpointConfigName(spec.EndpointName, definition);
        var request = new CreateEndpointConfigRequest { EndpointConfigName = configName, ProductionVariants = [variant], Tags = tags };
        request.Validate(nameof(EndpointDeploymentSpec));
        try
        {
            await _sageMaker.CreateEndpointConfigAsync(request, cancellationToken).ConfigureAwait(false);
            _logger.LogInformation("Created endpoint config {EndpointConfigName} ({InstanceCount} x {InstanceType})", configName, spec.InstanceCount, spec.InstanceType);
        }
        catch (MlOpsException e) when (ResourceErrors.IsAlreadyExists(e))
        {
            _logger.LogInformation("Endpoint config {EndpointConfigName} already exists; reusing it", configName);
        }

        return configName;
    }

    private async Task<DeployedEndpoint?> TryDescribeEndpointAsync(string endpointName, CancellationToken cancellationToken) =>
        await TryDescribeAsync(endpointName, cancellationToken).ConfigureAwait(false) is { } response ? DeployedEndpoint.FromDescription(response) : null;

    private async Task<DescribeEndpointResponse?> TryDescribeAsync(string endpointName, CancellationToken cancellationToken)
    {
        try
        {
            return await _sageMaker.DescribeEndpointAsync(new DescribeEndpointRequest { EndpointName = endpointName }, cancellationToken).ConfigureAwait(false);
        }
        catch (MlOpsException e) when (ResourceErrors.IsNotFound(e))
        {
            return null;
        }
    }

    // The deployed config has one variant, spec.VariantName on spec.InstanceType: every other variant goes, and a
    // variant whose instance type changes is replaced. Their scaling targets come off before the update.
    private async Task RemoveScalingOfReplacedVariantsAsync(EndpointDeploymentSpec spec, string previousConfigName, DeployedEndpoint existing, CancellationToken cancellationToken)
    {
        if (_scaling is null)
        {
            return;
        }

        var instanceTypes = new Dictionary<string, string?>(StringComparer.Ordinal);
        try
        {
            var previous = await _sageMaker.DescribeEndpointConfigAsync(new DescribeEndpointConfigRequest { EndpointConfigName = previousConfigName }, cancellationToken).ConfigureAwait(false);
            foreach (var variant in previous.ProductionVariants)
            {
                instanceTypes[variant.VariantName] = variant.InstanceType;
            }
        }
        catch (MlOpsException e) when (ResourceErrors.IsNotFound(e))
        {
            // The config behind the endpoint is gone: its variants are known by name only.
        }

        foreach (var variant in existing.Variants.Select(v => v.VariantName).Union(instanceTypes.Keys, StringComparer.Ordinal))
        {
            var replaced = variant != spec.VariantName
                || (instanceTypes.TryGetValue(variant, out var type) && type is not null && type != spec.InstanceType);
            if (replaced)
            {
                await RemoveScalingAsync(spec.EndpointName, variant, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task RemoveScalingAsync(string endpointName, string? variantName, CancellationToken cancellationToken)
    {
        if (_scaling is null)
        {
            return;
        }

        var removed = variantName is null
            ? await _scaling.RemoveAsync(endpointName, cancellationToken).ConfigureAwait(false)
            : await _scaling.RemoveVariantAsync(endpointName, variantName, cancellationToken).ConfigureAwait(false);
        foreach (var resourceId in removed)
        {
            _logger.LogInformation("Removed the auto-scaling of {ResourceId}, whose variant the deployment replaces or deletes", resourceId);
        }
    }

    // With the deploying run's tags, so that the endpoint's Pipeline and Commit tags name the run that deployed it last.
    private Task RememberPreviousConfigAsync(string endpointArn, string previousConfigName, IReadOnlyList<Tag> deploymentTags, CancellationToken cancellationToken) =>
        _sageMaker.AddTagsAsync(
            new AddTagsRequest { ResourceArn = endpointArn, Tags = [new Tag { Key = StandardTagKeys.PreviousEndpointConfig, Value = previousConfigName }, .. deploymentTags] },
            cancellationToken);

    private static Tag[] DeploymentTags(IReadOnlyList<ResourceTag> tags) =>
        [.. tags.Where(t => t.Key is StandardTagKeys.Pipeline or StandardTagKeys.Commit).Select(t => new Tag { Key = t.Key, Value = t.Value })];

    // GitLab's pipeline ids only grow, so a higher id on the endpoint means a newer pipeline deployed it last.
    private async Task RefuseOutdatedDeploymentAsync(EndpointDeploymentSpec spec, string configName, DeployedEndpoint existing, CancellationToken cancellationToken)
    {
        var pipeline = spec.Tags.FirstOrDefault(t => t.Key == StandardTagKeys.Pipeline)?.Value;
        if (spec.AllowOutdatedDeployment || !long.TryParse(pipeline, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var ours))
        {
            return;
        }

        var deployedBy = await GetTagAsync(existing.Arn, StandardTagKeys.Pipeline, cancellationToken).ConfigureAwait(false);
        if (long.TryParse(deployedBy, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var theirs) && theirs > ours)
        {
            throw new EndpointSupersededException(spec.EndpointName, configName, existing.EndpointConfigName, deployedBy, pipeline);
        }
    }

    private async Task WaitUntilDeletedAsync(string endpointName, CancellationToken cancellationToken)
    {
        await StatusPoller.PollAsync(
            ct => TryDescribeEndpointAsync(endpointName, ct),
            endpoint => endpoint is null,
            _options.DeletedWaiter,
            _timeProvider,
            "the deletion of endpoint",
            endpointName,
            cancellationToken).ConfigureAwait(false);
    }

    private Task<string?> GetRememberedPreviousConfigAsync(string endpointArn, CancellationToken cancellationToken) =>
        GetTagAsync(endpointArn, StandardTagKeys.PreviousEndpointConfig, cancellationToken);

    private async Task<string?> GetTagAsync(string resourceArn, string key, CancellationToken cancellationToken)
    {
        await foreach (var tag in _sageMaker.ListTagsAsync(new ListTagsRequest { ResourceArn = resourceArn }, cancellationToken).ConfigureAwait(false))
        {
            if (tag.Key == key && tag.Value.Length > 0)
            {
                return tag.Value;
            }
        }

        return null;
    }

    private async Task<IReadOnlyList<string>> TryGetModelNamesAsync(string endpointConfigName, CancellationToken cancellationToken)
    {
        try
        {
            var config = await _sageMaker.DescribeEndpointConfigAsync(new DescribeEndpointConfigRequest { EndpointConfigName = endpointConfigName }, cancellationToken).ConfigureAwait(false);
            return config.ProductionVariants.Select(v => v.ModelName).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        }
        catch (MlOpsException e) when (ResourceErrors.IsNotFound(e))
        {
            return [];
        }
    }

    private async Task<IReadOnlyList<LatencyReport>> MeasureLatencyAsync(IReadOnlyList<string> endpointNames, EndpointTestCase request, int repeats, CancellationToken cancellationToken)
    {
        var latencies = endpointNames.Select(_ => new List<TimeSpan>(repeats)).ToArray();
        var failures = new int[endpointNames.Count];
        var body = Encoding.UTF8.GetBytes(request.Body);
        for (var round = 0; round < repeats; round++)
        {
            for (var e = 0; e < endpointNames.Count; e++)
            {
                var started = _timeProvider.GetTimestamp();
                try
                {
                    await InvokeAsync(endpointNames[e], body, request.ContentType, request.Accept, cancellationToken).ConfigureAwait(false);
                    latencies[e].Add(_timeProvider.GetElapsedTime(started));
                }
                catch (MlOpsException)
                {
                    failures[e]++;
                }
            }
        }

        return [.. latencies.Select((samples, e) => LatencyReport.FromSamples(samples, failures[e]))];
    }

    private async Task<EndpointTestResult> RunCaseAsync(string endpointName, EndpointTestCase testCase, CancellationToken cancellationToken)
    {
        var started = _timeProvider.GetTimestamp();
        InvokeEndpointResponse response;
        try
        {
            response = await InvokeAsync(endpointName, Encoding.UTF8.GetBytes(testCase.Body), testCase.ContentType, testCase.Accept, cancellationToken).ConfigureAwait(false);
        }
        catch (MlOpsException e)
        {
            return new EndpointTestResult { Name = testCase.Name, Passed = false, Latency = _timeProvider.GetElapsedTime(started), ErrorCode = e.ErrorCode, Message = e.Message };
        }

        var latency = _timeProvider.GetElapsedTime(started);
        var text = Encoding.UTF8.GetString(response.Body.Span);
        var problems = new List<string>();
        if (testCase.ExpectedResponse is { } expected && JsonResponseMatcher.Difference(expected, text, testCase.NumberTolerance) is { } difference)
        {
            problems.Add($"unexpected answer: {difference}");
        }

        if (testCase.ExpectedSchema is { } schema)
        {
            using var document = JsonResponseMatcher.TryParse(text);
            if (document is null)
            {
                problems.Add("the answer is not JSON, so it cannot match the schema");
            }
            else
            {
                problems.AddRange(JsonSchemaSubset.Validate(schema, document.RootElement).Select(p => $"schema: {p}"));
            }
        }

        return new EndpointTestResult
        {
            Name = testCase.Name,
            Passed = problems.Count == 0,
            Latency = latency,
            Message = problems.Count == 0 ? null : string.Join("; ", problems),
            ResponseBody = text.Length <= MaxReportedBodyLength ? text : text[..MaxReportedBodyLength],
        };
    }
}
