using MlOps.Sdk.Endpoints;
using MlOps.Sdk.GitLab;
using MlOps.Sdk.Naming;
using MlOps.Sdk.Registry;
using MlOps.Sdk.Stages.Settings;

namespace MlOps.Sdk.Stages;

/// <summary>The report stage's input, read and validated in full before its first call.</summary>
internal sealed class ReportInput
{
    public required string Project { get; init; }

    public required ReleaseContext Release { get; init; }

    public required string Group { get; init; }

    public string? TrainingJobName { get; init; }

    public string? ModelPackageArn { get; init; }

    public string? CandidateEndpoint { get; init; }

    public string? ProductionEndpoint { get; init; }

    public EndpointTestReport? TestReport { get; init; }

    public IReadOnlyList<EndpointTestCase> LatencyCases { get; init; } = [];

    public required int LatencyRepeats { get; init; }

    public MetricGate? Gate { get; init; }

    public required string Region { get; init; }

    public required string OutputPath { get; init; }

    public required string MetricsReportPath { get; init; }

    /// <summary>Where the note goes, when it is posted.</summary>
    public GitLabNoteEnvironment? Note { get; init; }

    /// <summary>Why no note is posted, when none is.</summary>
    public string? NoteSkippedReason { get; init; }

    public static async Task<ReportInput> ReadAsync(StageContext context, CancellationToken cancellationToken)
    {
        var arguments = context.Arguments;
        var settings = context.Settings;
        var release = context.ReleaseContext();
        var namer = context.Namer();
        var group = settings.Project.ModelPackageGroup ?? namer.ModelPackageGroupName;
        SageMakerNameRules.Validate(group, "--group");
        var trainingJob = arguments.Get(ReportStage.TrainingJob.Name);
        if (trainingJob is not null)
        {
            SageMakerNameRules.Validate(trainingJob, "--training-job");
        }

        var candidateEndpoint = arguments.Get(ReportStage.Endpoint.Name);
        if (candidateEndpoint is not null)
        {
            SageMakerNameRules.Validate(candidateEndpoint, "--endpoint");
        }

        var productionEndpoint = settings.Project.ReportProductionEndpoint
            ?? (settings.Project.IsEndpointProject ? settings.Endpoint.ProductionEndpointName(namer) : null);
        if (productionEndpoint is not null)
        {
            SageMakerNameRules.Validate(productionEndpoint, "--production-endpoint");
        }

        var modelPackageArn = arguments.Get(ReportStage.ModelPackageArn.Name);
        if (modelPackageArn is not null && !modelPackageArn.StartsWith("arn:", StringComparison.Ordinal))
        {
            throw new MlOpsValidationException("--model-package-arn", $"must be a model package version ARN (got '{modelPackageArn}')");
        }

        EndpointTestReport? testReport = null;
        if (arguments.Get(ReportStage.TestReport.Name) is { } reportText)
        {
            var reportPath = context.ResolvePath(reportText);
            testReport = File.Exists(reportPath)
                ? EndpointTestReport.FromJson(await File.ReadAllTextAsync(reportPath, cancellationToken).ConfigureAwait(false), "--test-report")
                : throw new MlOpsValidationException("--test-report", $"must be the test stage's report file (no file at '{reportPath}')");
        }

        var repeats = arguments.GetInt32(ReportStage.LatencyRepeats.Name, 1, 1000) ?? 20;
        IReadOnlyList<EndpointTestCase> cases = [];
        if (candidateEndpoint is not null && testReport is not null)
        {
            cases = await LatencyCasesAsync(context, settings.Test, cancellationToken).ConfigureAwait(false);
        }

        var region = settings.Aws.Region
            ?? throw new MlOpsValidationException("--region", $"is required for the prices: pass --region, set AWS_REGION, or set aws.region in {ProjectManifest.FileName}");

        var (note, skipped) = NoteTarget(context, arguments.Get(ReportStage.Note.Name) ?? "auto");
        return new ReportInput
        {
            Project = namer.Project,
            Release = release,
            Group = group,
            TrainingJobName = trainingJob,
            ModelPackageArn = modelPackageArn,
            CandidateEndpoint = candidateEndpoint,
            ProductionEndpoint = productionEndpoint,
            TestReport = testReport,
            LatencyCases = cases,
            LatencyRepeats = repeats,
            Gate = settings.Registry.Gate,
            Region = region,
            OutputPath = context.ResolvePath(arguments.Get(ReportStage.Output.Name)!),
            MetricsReportPath = context.ResolvePath(arguments.Get(ReportStage.MetricsReport.Name)!),
            Note = note,
            NoteSkippedReason = skipped,
        };
    }

    // The cases the test stage sent, named as it named them, so each row of the review's table gets its latency.
    private static async Task<IReadOnlyList<EndpointTestCase>> LatencyCasesAsync(StageContext context, EndpointTestSettings test, CancellationToken cancellationToken)
    {
        var testData = context.ResolvePath(test.Data);
        if (!File.Exists(testData))
        {
            throw new MlOpsValidationException("--test-data", $"must be the test stage's JSON test plan or labelled CSV (no file at '{testData}')");
        }

        EndpointTestPlan plan;
        if (Path.GetExtension(testData).Equals(".csv", StringComparison.OrdinalIgnoreCase))
        {
            var rows = await LabelledTestData.LoadAsync(testData, test.LabelColumn, cancellationToken).ConfigureAwait(false);
            plan = rows.ToPlan(test.ContentType, test.Accept, 20);
        }
        else
        {
            plan = await EndpointTestPlan.LoadAsync(testData, cancellationToken).ConfigureAwait(false);
        }

        var health = (plan.Health ?? plan.Samples[0]) with { Name = "health" };
        return [health, .. plan.Samples.Take(ReportStage.MaxLatencyCases - 1)];
    }

    private static (GitLabNoteEnvironment? Note, string? SkippedReason) NoteTarget(StageContext context, string choice)
    {
        var wanted = choice.ToLowerInvariant() switch
        {
            "auto" => (bool?)null,
            "true" or "yes" or "1" => true,
            "false" or "no" or "0" => false,
            _ => throw new MlOpsValidationException("--note", $"must be auto, true or false (got '{choice}')"),
        };
        if (wanted == false)
        {
            return (null, "--note false");
        }

        if (context.Mode != MlOpsMode.Aws && wanted is null)
        {
            return (null, "local mode");
        }

        var environment = GitLabNoteSettings.FromVariables(context.GetVariable);
        if (environment.IsConfigured)
        {
            return (environment, null);
        }

        return wanted == true
            ? throw new MlOpsValidationException("--note", $"cannot post the review: {environment.NotConfiguredReason}")
            : (null, environment.NotConfiguredReason);
    }

}
