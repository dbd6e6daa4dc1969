using MlOps.Sdk.Endpoints;
using MlOps.Sdk.GitLab;
using MlOps.Sdk.Naming;
using MlOps.Sdk.Registry;

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
        var manifest = await ProjectManifest.LoadAsync(context.ProjectPath, cancellationToken).ConfigureAwait(false);
        var release = context.ReleaseContext();
        var namer = context.Namer();
        var group = arguments.Get(ReportStage.Group.Name) ?? manifest.GetFirstString("registry.modelPackageGroup", "model.modelPackageGroup", "endpoint.modelPackageGroup") ?? namer.ModelPackageGroupName;
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

        var isEndpointProject = manifest.GetString("project.kind") == "endpoint";
        var productionEndpoint = arguments.Get(ReportStage.ProductionEndpoint.Name)
            ?? manifest.GetString("report.productionEndpoint")
            ?? (isEndpointProject ? DeployStage.ProductionEndpointNameOf(manifest, namer) : null);
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
            cases = await LatencyCasesAsync(context, manifest, cancellationToken).ConfigureAwait(false);
        }

        var region = arguments.Get(ReportStage.Region.Name) ?? manifest.GetString("aws.region")
            ?? throw new MlOpsValidationException("--region", $"is required for the prices: pass --region, set AWS_REGION, or set aws.region in {ProjectManifest.FileName}");
        if (!AwsRegionName.IsValid(region))
        {
            throw new MlOpsValidationException("--region", $"{AwsRegionName.Rule} (got '{region}')");
        }

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
            Gate = RegisterStage.GateOf(arguments, manifest),
            Region = region,
            OutputPath = context.ResolvePath(arguments.Get(ReportStage.Output.Name)!),
            MetricsReportPath = context.ResolvePath(arguments.Get(ReportStage.MetricsReport.Name)!),
            Note = note,
            NoteSkippedReason = skipped,
        };
    }

    // The cases the test stage sent, named as it named them, so each row of the review's table gets its latency.
    private static async Task<IReadOnlyList<EndpointTestCase>> LatencyCasesAsync(StageContext context, ProjectManifest manifest, CancellationToken cancellationToken)
    {
        var testData = context.ResolvePath(context.Arguments.Get(ReportStage.TestData.Name) ?? manifest.GetFirstString("test.data", "endpoint.testData") ?? EndpointTestStage.DefaultTestData);
        if (!File.Exists(testData))
        {
            throw new MlOpsValidationException("--test-data", $"must be the test stage's JSON test plan or labelled CSV (no file at '{testData}')");
        }

        EndpointTestPlan plan;
        if (Path.GetExtension(testData).Equals(".csv", StringComparison.OrdinalIgnoreCase))
        {
            var rows = await LabelledTestData.LoadAsync(testData, manifest.GetString("test.labelColumn") ?? "label", cancellationToken).ConfigureAwait(false);
            plan = rows.ToPlan(manifest.GetString("test.contentType") ?? "text/csv", manifest.GetString("test.accept") ?? "application/json", 20);
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
