using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Sdk.Endpoints;
using MlOps.Sdk.Naming;
using MlOps.Sdk.SageMaker;
using MlOps.Sdk.Stages.Settings;

namespace MlOps.Sdk.Stages;

/// <summary>
/// Test an endpoint: sends the test plan's requests (a JSON file: health, samples with expected answers or schemas,
/// latency) and writes the report. Any failure fails the stage; on production it first rolls the endpoint back to the
/// configuration it had before this pipeline's deploy. When the endpoint no longer serves the configuration this
/// pipeline's deploy handed on (<c>MLOPS_ENDPOINT_CONFIG</c>), a newer pipeline has deployed it since: the stage neither
/// tests nor rolls back, and fails with <see cref="EndpointSupersededException"/>'s message. When this pipeline's own
/// deploy of that configuration is still in flight (started with <c>--wait false</c>), the stage first waits for the
/// endpoint to be InService on it, so that it tests the new model rather than the old one.
/// </summary>
public sealed class EndpointTestStage : IStage
{
    /// <summary>The test plan used when none is given, relative to the project.</summary>
    public const string DefaultTestData = "test-data/validation.csv";

    /// <summary><c>--endpoint</c>: the endpoint to test.</summary>
    public static readonly StageOption Endpoint = StageOption.Create("endpoint", "the endpoint to test (handed on by deploy)");

    /// <summary><c>--test-data</c>: the test plan.</summary>
    public static readonly StageOption TestData = StageOption.Create("test-data", $"the test data: a JSON test plan, or a labelled CSV whose predictions must reach --min-accuracy (manifest.json: test.data; default {DefaultTestData})") with { ManifestKey = "test.data" };

    /// <summary><c>--report</c>: where the report goes.</summary>
    public static readonly StageOption Report = StageOption.Create("report", "where the JSON report is written", StageFiles.EndpointTestReport);

    /// <summary><c>--junit</c>: where the JUnit XML report goes.</summary>
    public static readonly StageOption JUnit = StageOption.Create("junit", "where the tests are written as JUnit XML (GitLab's artifacts:reports:junit)", StageFiles.EndpointTestJUnit);

    /// <summary><c>--rollback</c>: roll back on failure.</summary>
    public static readonly StageOption Rollback = StageOption.Create("rollback", "roll the endpoint back when a test fails (default: true on stable pipelines, false for candidates)");

    /// <summary><c>--rollback-to</c>: the endpoint configuration a rollback restores.</summary>
    public static readonly StageOption RollbackTo = StageOption.Create("rollback-to", "the endpoint configuration a rollback restores (handed on by deploy)", null, "MLOPS_PREVIOUS_ENDPOINT_CONFIG");

    /// <summary><c>--endpoint-config</c>: the endpoint configuration this pipeline's deploy put in service.</summary>
    public static readonly StageOption EndpointConfig = StageOption.Create("endpoint-config", "the endpoint configuration this pipeline's deploy put in service (handed on by deploy); while that deploy is still in flight (deploy --wait false) the stage waits for it before testing; when the endpoint serves or is being deployed with another, a newer pipeline deployed it, and the stage fails without testing or rolling back");

    /// <summary><c>--label-column</c>: the label column of CSV test data.</summary>
    public static readonly StageOption LabelColumn = StageOption.Create("label-column", "the label column of CSV test data (manifest.json: test.labelColumn)") with { ManifestKey = "test.labelColumn" };

    /// <summary><c>--min-accuracy</c>: the accuracy CSV test data must reach.</summary>
    public static readonly StageOption MinAccuracy = StageOption.Create("min-accuracy", "the accuracy the predictions on CSV test data must reach (manifest.json: test.gate.threshold)") with { ManifestKey = "test.gate.threshold" };

    /// <inheritdoc/>
    public string Name => "test";

    /// <inheritdoc/>
    public string Summary => "Sends the test requests to the endpoint and checks the answers; a failing production test rolls it back.";

    /// <inheritdoc/>
    public IReadOnlyList<StageOption> Options => [Endpoint, TestData, Report, JUnit, Rollback, RollbackTo, EndpointConfig, LabelColumn, MinAccuracy, .. EndpointAutoScalingOptions.All];

    /// <inheritdoc/>
    public async Task<int> RunAsync(StageContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var arguments = context.Arguments;
        var settings = context.Settings;
        var test = settings.Test;
        var release = context.ReleaseContext();
        var endpointName = arguments.Get(Endpoint.Name) ?? settings.Endpoint.EndpointNameFor(context.Namer(), release);
        SageMakerNameRules.Validate(endpointName, "--endpoint");
        var testData = context.ResolvePath(test.Data);
        if (!File.Exists(testData))
        {
            throw new MlOpsValidationException("--test-data", $"must be an existing JSON test plan (got '{testData}')");
        }

        var labelled = Path.GetExtension(testData).Equals(".csv", StringComparison.OrdinalIgnoreCase);
        LabelledTestData? rows = null;
        EndpointTestPlan plan;
        double? threshold = null;
        if (labelled)
        {
            rows = await LabelledTestData.LoadAsync(testData, test.LabelColumn, cancellationToken).ConfigureAwait(false);
            plan = rows.ToPlan(test.ContentType, test.Accept, 20);
            threshold = test.MinAccuracy;
        }
        else
        {
            plan = await EndpointTestPlan.LoadAsync(testData, cancellationToken).ConfigureAwait(false);
        }

        var rollbackText = arguments.Get(Rollback.Name);
        var rollback = rollbackText is null ? release.Kind == ReleaseKind.Stable : arguments.GetBoolean(Rollback.Name);
        var previousConfig = arguments.Get(RollbackTo.Name);
        var deployedConfig = arguments.Get(EndpointConfig.Name) is { Length: > 0 } config ? config : null;
        var autoScaling = EndpointAutoScalingOptions.Resolve(arguments);
        var reportPath = context.ResolvePath(arguments.Get(Report.Name)!);

        var endpoints = ActivatorUtilities.GetServiceOrCreateInstance<EndpointClient>(context.Services);
        if (deployedConfig is not null)
        {
            // Optimistic concurrency: GitLab locks each production job on its own, so another pipeline may have deployed
            // between this pipeline's deploy and this test. This job holds the resource group while it runs, so the
            // endpoint cannot change between this check and the rollback below.
            var endpoint = await context.Console.RunStepAsync(
                $"checking that {endpointName} still serves {deployedConfig}",
                ct => endpoints.EnsureNotSupersededAsync(endpointName, deployedConfig, ct),
                cancellationToken).ConfigureAwait(false);

            // This pipeline's own deploy, started with --wait false, may still be in flight (the check above let through
            // only a deployment pending to its config): until it ends the endpoint serves the old model, so the test
            // waits for it to be InService on this config. Ending on another config or Failed fails the stage with the
            // deployment's own errors (EndpointRolledBackException, EndpointFailed).
            if (endpoint is not null && (endpoint.PendingDeployment is not null || endpoint.Status is EndpointStatus.Creating or EndpointStatus.Updating))
            {
                var deployment = endpoints.GetDeploymentOperation(endpointName, deployedConfig);
                await context.Console.RunStepAsync(
                    $"waiting for {endpointName} to be InService on {deployedConfig} (its deploy is still {endpoint.Status})",
                    ct => WaitForOwnDeployAsync(deployment, endpointName, deployedConfig, previousConfig, ct),
                    cancellationToken).ConfigureAwait(false);
            }
        }

        var report = await context.Console.RunStepAsync(
            $"testing {endpointName} with {Path.GetFileName(testData)} ({plan.LatencyRequests} latency requests)",
            ct => endpoints.TestEndpointAsync(endpointName, plan, ct),
            cancellationToken).ConfigureAwait(false);

        var values = new Dictionary<string, string> { ["MLOPS_TEST_REPORT"] = context.ToHandoffPath(reportPath) };
        if (rows is not null)
        {
            var accuracyResult = await CheckAccuracyAsync(context, endpoints, endpointName, test, rows, threshold, cancellationToken).ConfigureAwait(false);
            if (accuracyResult.Accuracy is { } accuracy)
            {
                values["MLOPS_TEST_ACCURACY"] = accuracy.ToString("0.######", CultureInfo.InvariantCulture);
            }

            // The accuracy check joins the report as one more case, so the JSON, the JUnit XML and the review agree.
            report = report with { Samples = [.. report.Samples, accuracyResult.Result] };
        }

        Directory.CreateDirectory(Path.GetDirectoryName(reportPath)!);
        await File.WriteAllTextAsync(reportPath, report.ToJson(), cancellationToken).ConfigureAwait(false);
        var junitPath = context.ResolvePath(arguments.Get(JUnit.Name)!);
        Directory.CreateDirectory(Path.GetDirectoryName(junitPath)!);
        await File.WriteAllTextAsync(junitPath, EndpointTestJUnit.ToXml(report), cancellationToken).ConfigureAwait(false);
        var failures = report.Failures;

        if (report.Latency is { } latency)
        {
            context.Console.WriteResult("latency", $"p50 {latency.P50.TotalMilliseconds:0.0} ms, p99 {latency.P99.TotalMilliseconds:0.0} ms, {latency.Failures} failures");
        }

        context.Console.WriteResult("report", reportPath);
        context.Console.WriteResult("junit", junitPath);
        values["MLOPS_TEST_PASSED"] = failures.Count == 0 ? "true" : "false";
        await context.Handoff.PublishAsync(values, cancellationToken).ConfigureAwait(false);
        if (failures.Count == 0)
        {
            context.Console.WriteResult("result", "all endpoint tests passed");
            return StageExitCode.Success;
        }

        context.Console.WriteError($"endpoint tests failed: {string.Join("; ", failures)}");
        if (rollback)
        {
            try
            {
                // As in deploy: scaling comes off for the update and goes back on once the old configuration serves.
                var scaling = ActivatorUtilities.GetServiceOrCreateInstance<EndpointScalingClient>(context.Services);
                await scaling.RemoveAsync(endpointName, cancellationToken).ConfigureAwait(false);
                var operation = await context.Console.RunStepAsync($"rolling {endpointName} back to {previousConfig ?? "its previous configuration"}", ct => endpoints.RollbackAsync(endpointName, previousConfig, deployedConfig, ct), cancellationToken).ConfigureAwait(false);
                var restored = await context.Console.RunStepAsync($"waiting for {endpointName} to be InService", ct => operation.WaitForCompletionAsync(null, ct), cancellationToken).ConfigureAwait(false);
                context.Console.WriteResult("rolled back", $"{endpointName} serves {restored.EndpointConfigName} again");
                if (autoScaling is not null)
                {
                    await scaling.ApplyAsync(endpointName, autoScaling, cancellationToken).ConfigureAwait(false);
                    context.Console.WriteResult("auto-scaling", EndpointAutoScalingOptions.Describe(autoScaling));
                }
            }
            catch (MlOpsException ex) when (ex.ErrorCode == EndpointClient.NoRollbackTargetErrorCode)
            {
                context.Console.WriteError($"no configuration to roll {endpointName} back to: {ex.Message}");
            }
        }

        return StageExitCode.Failed;
    }

    // A rollback brings the endpoint back to the config this pipeline's deploy replaced (handed on as rollback-to, empty
    // for a creation, which is never rolled back). Any other config means this deploy went in service and a newer
    // pipeline's deploy replaced it between two polls: superseded, not rolled back. Without rollback-to it cannot be told.
    private static async Task<DeployedEndpoint> WaitForOwnDeployAsync(EndpointDeploymentOperation deployment, string endpointName, string deployedConfig, string? previousConfig, CancellationToken cancellationToken)
    {
        try
        {
            return await deployment.WaitForCompletionAsync(null, cancellationToken).ConfigureAwait(false);
        }
        catch (EndpointRolledBackException rolledBack) when (previousConfig is not null && rolledBack.ActualEndpointConfigName is { Length: > 0 } serving && serving != previousConfig)
        {
            throw new EndpointSupersededException(endpointName, deployedConfig, serving);
        }
    }

    // The report keeps only the start of each answer: the predictions are read from an answer of their own.
    private static async Task<(EndpointTestResult Result, double? Accuracy)> CheckAccuracyAsync(StageContext context, EndpointClient endpoints, string endpointName, EndpointTestSettings test, LabelledTestData rows, double? threshold, CancellationToken cancellationToken)
    {
        var name = $"accuracy on {rows.Rows.Count} labelled rows";
        var started = context.TimeProvider.GetTimestamp();
        string answer;
        try
        {
            var response = await endpoints.InvokeAsync(endpointName, Encoding.UTF8.GetBytes(rows.AllRowsBody()), test.ContentType, test.Accept, cancellationToken).ConfigureAwait(false);
            answer = Encoding.UTF8.GetString(response.Body.Span);
        }
        catch (MlOpsException ex)
        {
            return (new EndpointTestResult { Name = name, Passed = false, Latency = context.TimeProvider.GetElapsedTime(started), ErrorCode = ex.ErrorCode, Message = $"the labelled rows failed: {ex.Message}" }, null);
        }

        var latency = context.TimeProvider.GetElapsedTime(started);
        if (rows.Accuracy(answer) is not { } accuracy)
        {
            return (new EndpointTestResult { Name = name, Passed = false, Latency = latency, ErrorCode = "NoPredictions", Message = "the answer to the labelled rows holds no prediction per row" }, null);
        }

        var minimum = threshold is null ? string.Empty : $" (minimum {threshold.Value:0.####})";
        context.Console.WriteResult("accuracy", $"{accuracy:0.0000} on {rows.Rows.Count} labelled rows{minimum}");
        var passed = !(accuracy < threshold);
        return (new EndpointTestResult
        {
            Name = name,
            Passed = passed,
            Latency = latency,
            ErrorCode = passed ? null : "BelowMinimumAccuracy",
            Message = passed ? $"accuracy {accuracy:0.0000}{minimum}" : $"accuracy {accuracy:0.0000} is below the minimum {threshold!.Value:0.####}",
        }, accuracy);
    }
}
