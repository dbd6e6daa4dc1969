using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Sdk.Costs;
using MlOps.Sdk.Endpoints;
using MlOps.Sdk.GitLab;
using MlOps.Sdk.Naming;
using MlOps.Sdk.Packaging;
using MlOps.Sdk.Registry;
using MlOps.Sdk.Review;
using MlOps.Sdk.SageMaker;
using MlOps.Sdk.Stages.Settings;
using MlOps.Sdk.Training;

namespace MlOps.Sdk.Stages;

/// <summary>
/// Report: the merge-request review. It sets the candidate beside what serves production now (read from the production
/// endpoint and the registry, not from files), with the metric gate's verdict, the endpoint tests with each case's
/// latency on the candidate and on production, the cost from the SDK's price table, and links. It writes
/// <c>.mlops/report.md</c>, GitLab's metrics report, and the review and costs for the release zip; with
/// <c>MLOPS_GITLAB_TOKEN</c> in a merge-request pipeline it posts the review as one note, updated in place.
/// </summary>
public sealed class ReportStage : IStage
{
    /// <summary>The largest number of test cases whose latency is compared: enough for a table a reviewer reads.</summary>
    public const int MaxLatencyCases = 20;

    /// <summary><c>--training-job</c>: the training job that made the candidate.</summary>
    public static readonly StageOption TrainingJob = StageOption.Create("training-job", "the training job that made the candidate (handed on by train)");

    /// <summary><c>--model-package-arn</c>: the candidate model version.</summary>
    public static readonly StageOption ModelPackageArn = StageOption.Create("model-package-arn", "the candidate model package version (handed on by register or deploy)");

    /// <summary><c>--group</c>: the model package group.</summary>
    public static readonly StageOption Group = StageOption.Create("group", "the model package group (manifest.json: registry.modelPackageGroup or model.modelPackageGroup)", null, "MLOPS_MODEL_PACKAGE_GROUP") with { ManifestKey = "registry.modelPackageGroup" };

    /// <summary><c>--endpoint</c>: the candidate endpoint.</summary>
    public static readonly StageOption Endpoint = StageOption.Create("endpoint", "the candidate endpoint (handed on by deploy)");

    /// <summary><c>--production-endpoint</c>: the endpoint that serves production.</summary>
    public static readonly StageOption ProductionEndpoint = StageOption.Create("production-endpoint", "the endpoint serving production (manifest.json: report.productionEndpoint; endpoint projects: endpoint.name, else <project>-prod)") with { ManifestKey = "report.productionEndpoint" };

    /// <summary><c>--test-report</c>: the test stage's report.</summary>
    public static readonly StageOption TestReport = StageOption.Create("test-report", "the endpoint test report (handed on by test)");

    /// <summary><c>--test-data</c>: the cases whose latency is compared.</summary>
    public static readonly StageOption TestData = StageOption.Create("test-data", $"the test data whose cases are timed on the candidate and production (manifest.json: test.data; default {EndpointTestStage.DefaultTestData})") with { ManifestKey = "test.data" };

    /// <summary><c>--latency-repeats</c>: how often each case is timed.</summary>
    public static readonly StageOption LatencyRepeats = StageOption.Create("latency-repeats", "how many times each test case goes to each endpoint for its p50/p99 (1 to 1000)", "20");

    /// <summary><c>--region</c>: the region whose prices apply.</summary>
    public static readonly StageOption Region = StageOption.Create("region", "the AWS region whose prices apply (default: AWS_REGION, else manifest.json aws.region)", null, "AWS_REGION", "AWS_DEFAULT_REGION") with { ManifestKey = "aws.region" };

    /// <summary><c>--output</c>: where the review is written.</summary>
    public static readonly StageOption Output = StageOption.Create("output", "where the review's Markdown is written", StageFiles.ReviewReport);

    /// <summary><c>--metrics-report</c>: where GitLab's metrics report is written.</summary>
    public static readonly StageOption MetricsReport = StageOption.Create("metrics-report", "where the metrics are written for GitLab's artifacts:reports:metrics", StageFiles.MetricsReport);

    /// <summary><c>--metrics-dotenv</c>: also hand the metrics on as dotenv variables.</summary>
    public static readonly StageOption MetricsDotEnv = StageOption.Flag("metrics-dotenv", "also write the metrics and costs into the dotenv report as MLOPS_METRIC_<NAME> (for tiers without artifacts:reports:metrics; each counts against GitLab's dotenv variable limit)");

    /// <summary><c>--note</c>: whether the review is posted as a merge-request note.</summary>
    public static readonly StageOption Note = StageOption.Create("note", $"post the review as a merge-request note: auto (when {GitLabNoteSettings.TokenVariableName} is set in a merge-request pipeline), true or false", "auto");

    /// <inheritdoc/>
    public string Name => "report";

    /// <inheritdoc/>
    public string Summary => "Writes the merge-request review (candidate against production, tests, cost, links) and posts it as one merge-request note.";

    /// <inheritdoc/>
    public IReadOnlyList<StageOption> Options => [TrainingJob, ModelPackageArn, Group, RegisterStage.GateMetric, RegisterStage.GateThreshold, Endpoint, ProductionEndpoint, TestReport, TestData, LatencyRepeats, Region, Output, MetricsReport, MetricsDotEnv, Note];

    /// <inheritdoc/>
    public async Task<int> RunAsync(StageContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var input = await ReportInput.ReadAsync(context, cancellationToken).ConfigureAwait(false);

        var registry = ActivatorUtilities.GetServiceOrCreateInstance<RegistryClient>(context.Services);
        var endpoints = ActivatorUtilities.GetServiceOrCreateInstance<EndpointClient>(context.Services);
        var training = ActivatorUtilities.GetServiceOrCreateInstance<TrainingClient>(context.Services);
        var remarks = new List<string>();

        var candidate = input.ModelPackageArn is { } arn
            ? await context.Console.RunStepAsync($"reading the candidate {arn}", ct => registry.GetModelVersionAsync(arn, ct), cancellationToken).ConfigureAwait(false)
            : null;
        var job = input.TrainingJobName is { } jobName
            ? await context.Console.RunStepAsync($"reading training job {jobName}", ct => training.GetTrainingJobAsync(jobName, ct), cancellationToken).ConfigureAwait(false)
            : null;
        var candidateVariant = input.CandidateEndpoint is { } candidateEndpoint
            ? (await endpoints.GetServedVariantsAsync(candidateEndpoint, cancellationToken).ConfigureAwait(false)).FirstOrDefault()
            : null;
        if (input.CandidateEndpoint is not null && candidateVariant is null)
        {
            remarks.Add($"the candidate endpoint {input.CandidateEndpoint} does not exist (any more)");
        }

        var production = await context.Console.RunStepAsync(
            "finding what serves production",
            ct => FindProductionAsync(registry, endpoints, input, candidate, remarks, ct),
            cancellationToken).ConfigureAwait(false);
        context.Console.WriteResult("production", production?.Version is { } served ? $"version {served.Version} ({served.Arn}), found {production.FoundBy}" : "nothing yet");

        var gate = candidate is null ? null : input.Gate?.Evaluate(candidate.Metrics, null);
        IReadOnlyList<CaseLatencyComparison> latency = [];
        if (input.LatencyCases.Count > 0 && candidateVariant is not null)
        {
            IReadOnlyList<string> compared = production?.Endpoint is { } prod ? [candidateVariant.EndpointName, prod.EndpointName] : [candidateVariant.EndpointName];
            latency = await context.Console.RunStepAsync(
                $"timing {input.LatencyCases.Count} cases × {input.LatencyRepeats} on {string.Join(" and ", compared)}",
                ct => endpoints.CompareLatencyAsync(compared, input.LatencyCases, input.LatencyRepeats, ct),
                cancellationToken).ConfigureAwait(false);
        }

        var prices = InstancePriceTable.Default;
        var review = new MergeRequestReview
        {
            Project = input.Project,
            MergeRequestIid = input.Release.MergeRequestIid,
            Commit = input.Release.CommitId,
            CreatedAt = context.TimeProvider.GetUtcNow(),
            Mode = context.Mode == MlOpsMode.Aws ? "aws" : "local",
            Candidate = candidate,
            Production = production,
            Gate = gate,
            TrainingJob = job,
            CandidateEndpoint = candidateVariant,
            CandidateTests = input.TestReport,
            Latency = latency,
            TrainingCost = job is null ? null : TrainingCost.Compute(job, job.InstanceType, job.InstanceCount ?? 1, input.Region, prices),
            WarmPoolCost = WarmPoolCostOf(job, input.Region, prices),
            EndpointCost = candidateVariant is null ? null : EndpointCost.Compute(candidateVariant.InstanceType, candidateVariant.InstanceCount ?? 1, input.Region, prices),
            Links = Links(context, input, candidate, job, candidateVariant),
            Remarks = remarks,
        };

        var markdown = MergeRequestReviewMarkdown.Write(review);
        await WriteAsync(input.OutputPath, markdown, cancellationToken).ConfigureAwait(false);
        var releaseInputs = context.ResolvePath(StageFiles.ReleaseInputDirectory);
        await WriteAsync(Path.Combine(releaseInputs, StageFiles.ReviewFileName), markdown, cancellationToken).ConfigureAwait(false);
        await WriteAsync(Path.Combine(releaseInputs, StageFiles.CostsFileName), JsonSerializer.Serialize(CostsForRelease(input.Region, review.TrainingCost, review.WarmPoolCost, review.EndpointCost), StageJsonContext.Default.ReleaseCosts), cancellationToken).ConfigureAwait(false);
        var metrics = new Dictionary<string, double>(candidate?.Metrics ?? new Dictionary<string, double>(), StringComparer.Ordinal);
        if (review.TrainingCost is { TotalUsd: { } trainingUsd })
        {
            metrics["mlops_training_cost_usd"] = (double)trainingUsd;
        }

        if (review.EndpointCost is { FleetUsdPerHour: { } hourly })
        {
            metrics["mlops_endpoint_cost_usd_per_hour"] = (double)hourly;
        }

        await WriteAsync(input.MetricsReportPath, GitLabMetricsReport.Write(metrics), cancellationToken).ConfigureAwait(false);
        context.Console.WriteResult("review", input.OutputPath);
        context.Console.WriteResult("metrics report", input.MetricsReportPath);

        var values = new Dictionary<string, string> { ["MLOPS_REVIEW"] = context.ToHandoffPath(input.OutputPath) };
        if (context.Arguments.GetBoolean(MetricsDotEnv.Name))
        {
            foreach (var (name, value) in metrics)
            {
                values[MetricVariableName(name)] = value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        if (input.Note is { Settings: { } settings } note)
        {
            using var http = new HttpClient();
            var posted = await context.Console.RunStepAsync(
                $"posting the review to merge request !{note.MergeRequestIid}",
                ct => new GitLabNotesClient(http, settings).UpsertMergeRequestNoteAsync(note.ProjectId!, note.MergeRequestIid, markdown, ct),
                cancellationToken).ConfigureAwait(false);
            context.Console.WriteResult("note", $"{posted.Outcome.ToString().ToLowerInvariant()} note {posted.NoteId}{(posted.WebUrl is null ? string.Empty : $": {posted.WebUrl}")}");
        }
        else
        {
            context.Console.WriteResult("note", $"not posted ({input.NoteSkippedReason}); the review is the job artifact {context.ToHandoffPath(input.OutputPath)}");
        }

        await context.Handoff.PublishAsync(values, cancellationToken).ConfigureAwait(false);
        return StageExitCode.Success;
    }

    // Production is what the production endpoint serves, when there is one: its model names the package version (or
    // its model data matches one). Only without such an endpoint does the newest Approved version stand in for it,
    // which is what the deploy stage puts into production on the default branch.
    private static async Task<ProductionModel?> FindProductionAsync(RegistryClient registry, EndpointClient endpoints, ReportInput input, ModelVersion? candidate, List<string> remarks, CancellationToken cancellationToken)
    {
        ServedVariant? variant = null;
        if (input.ProductionEndpoint is { } productionEndpoint)
        {
            try
            {
                variant = (await endpoints.GetServedVariantsAsync(productionEndpoint, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
            }
            catch (MlOpsException ex) when (ex.StatusCode is System.Net.HttpStatusCode.Forbidden || ex.ErrorCode is "AccessDeniedException")
            {
                remarks.Add($"the production endpoint {productionEndpoint} could not be read: [{ex.ErrorCode}] {ex.Message}");
            }

            if (variant?.ModelPackageArn is { } servedArn)
            {
                return new ProductionModel { Version = await registry.GetModelVersionAsync(servedArn, cancellationToken).ConfigureAwait(false), Endpoint = variant, FoundBy = $"from the model of endpoint {productionEndpoint}" };
            }

            if (variant?.ModelDataUrl is { } modelData)
            {
                await foreach (var version in registry.ListModelVersionsAsync(input.Group, null, cancellationToken).ConfigureAwait(false))
                {
                    if (version.ModelDataUrl == modelData)
                    {
                        return new ProductionModel { Version = version, Endpoint = variant, FoundBy = $"by the model data that endpoint {productionEndpoint} serves" };
                    }
                }

                remarks.Add($"the model data that {productionEndpoint} serves ({modelData}) is not a version of {input.Group}");
                return new ProductionModel { Endpoint = variant, FoundBy = $"on endpoint {productionEndpoint}" };
            }
        }

        await foreach (var version in registry.ListModelVersionsAsync(input.Group, ModelApprovalStatus.Approved, cancellationToken).ConfigureAwait(false))
        {
            if (version.Arn != candidate?.Arn)
            {
                return new ProductionModel { Version = version, Endpoint = variant, FoundBy = $"as the newest Approved version of {input.Group}" };
            }
        }

        return variant is null ? null : new ProductionModel { Endpoint = variant, FoundBy = $"on endpoint {variant.EndpointName}" };
    }

    private static List<ReviewLink> Links(StageContext context, ReportInput input, ModelVersion? candidate, TrainingJob? job, ServedVariant? endpoint)
    {
        var console = context.Mode == MlOpsMode.Aws ? $"https://{input.Region}.console.aws.amazon.com/sagemaker/home?region={input.Region}#" : null;
        var links = new List<ReviewLink>();
        if (job is not null)
        {
            links.Add(new ReviewLink("Training job", job.Name, console is null ? null : $"{console}/jobs/{Uri.EscapeDataString(job.Name)}"));
        }

        if (candidate is not null)
        {
            // The model registry has no console page of its own outside SageMaker Studio, so the ARN is the link.
            links.Add(new ReviewLink("Model package", candidate.Arn, null));
        }

        if (endpoint is not null)
        {
            links.Add(new ReviewLink("Candidate endpoint", endpoint.EndpointName, console is null ? null : $"{console}/endpoints/{Uri.EscapeDataString(endpoint.EndpointName)}"));
        }

        var zip = input.Release.ReleaseName.FileName;
        links.Add(ReleaseStage.PackageRegistryUrl(context, input.Release.ReleaseName) is { } url
            ? new ReviewLink("Release zip", zip, url)
            : new ReviewLink("Release zip", Path.Combine(StageFiles.ReleaseDirectory, zip).Replace(Path.DirectorySeparatorChar, '/'), null));
        return links;
    }

    // SageMaker bills a warm pool's retained time at the training price (BillableTime leaves it out); until the pool is
    // reused or ends, the keep-alive period is the most it can cost.
    private static CostFigures? WarmPoolCostOf(TrainingJob? job, string region, InstancePriceTable prices)
    {
        if (job is null || (job.WarmPoolKeepAlive is null && job.WarmPool is null))
        {
            return null;
        }

        var retained = job.WarmPool?.ResourceRetainedBillableTimeInSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : job.WarmPoolKeepAlive ?? TimeSpan.Zero;
        return TrainingCost.Compute(retained, job.InstanceType, job.InstanceCount ?? 1, region, prices);
    }

    /// <summary>The dotenv variable of a metric: <c>validation:auc</c> → <c>MLOPS_METRIC_VALIDATION_AUC</c>.</summary>
    /// <param name="metric">The metric's name.</param>
    /// <returns>A name of letters, digits and underscores, as dotenv variables must be.</returns>
    internal static string MetricVariableName(string metric) =>
        "MLOPS_METRIC_" + GitLabMetricsReport.MetricName(metric).Replace(':', '_').TrimStart('_').ToUpperInvariant();

    private static ReleaseCosts CostsForRelease(string region, CostFigures? training, CostFigures? warmPool, CostFigures? endpoint)
    {
        var priced = new[] { training, endpoint }.FirstOrDefault(c => c is { IsPriceKnown: true });
        return new ReleaseCosts
        {
            Region = region,
            TrainingInstanceType = training?.InstanceType,
            TrainingInstanceCount = training?.InstanceCount,
            TrainingInstanceHours = (double?)training?.InstanceHours,
            TrainingUsd = (double?)training?.TotalUsd,
            WarmPoolInstanceHours = (double?)warmPool?.InstanceHours,
            WarmPoolUsd = (double?)warmPool?.TotalUsd,
            EndpointInstanceType = endpoint?.InstanceType,
            EndpointInstanceCount = endpoint?.InstanceCount,
            EndpointUsdPerHour = (double?)endpoint?.FleetUsdPerHour,
            EndpointUsdPerMonth = (double?)endpoint?.UsdPerMonth,
            PriceSource = priced?.Source,
            PricesAsOf = priced?.AsOf?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            Unknown = [.. new[] { training, warmPool, endpoint }.Where(c => c is { UnknownReason: not null }).Select(c => $"{c!.Usage} {c.InstanceType}: {c.UnknownReason}")],
        };
    }

    private static async Task WriteAsync(string path, string text, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp";
        await File.WriteAllTextAsync(temporary, text, cancellationToken).ConfigureAwait(false);
        File.Move(temporary, path, overwrite: true);
    }
}
