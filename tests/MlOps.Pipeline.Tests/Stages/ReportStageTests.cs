using MlOps.Sdk.Stages;

namespace MlOps.Pipeline.Tests.Stages;

/// <summary>
/// The review of a training merge request, through the real stages in local mode: train, register and report, with
/// production made by an earlier default-branch run that registered an Approved version.
/// </summary>
public sealed class ReportStageTests(ReviewProjectFixture project) : IClassFixture<ReviewProjectFixture>
{
    [Fact]
    public async Task Report_FirstEverCandidate_SaysNothingServesProductionYet()
    {
        var review = await ReviewCandidateAsync(project.Strong, group: "review-first-models");

        Assert.Contains("**First model**: nothing serves production yet", review, StringComparison.Ordinal);
        Assert.Contains("| Version | 1 (PendingManualApproval) | none yet |", review, StringComparison.Ordinal);
        Assert.Contains("**Metric gate passes**", review, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_CandidateBetterThanProduction_SaysBetterAndShowsProductionVersion()
    {
        await ProduceAsync(project.Weak, "review-better-models");

        var review = await ReviewCandidateAsync(project.Strong, "review-better-models");

        Assert.Contains("**Candidate is better than production** on validation:log_loss", review, StringComparison.Ordinal);
        Assert.Contains("of version 1.", review, StringComparison.Ordinal);
        Assert.Contains("| Version | 2 (PendingManualApproval) | 1 (Approved) |", review, StringComparison.Ordinal);
        Assert.Contains("found as the newest Approved version of review-better-models", review, StringComparison.Ordinal);
        Assert.Matches(@"\| \*\*validation:log_loss\*\* \(gate, lower is better, threshold 0\.5000\) \| [0-9.]+ \| [0-9.]+ \| −[0-9.]+ better \|", review);
    }

    [Fact]
    public async Task Report_CandidateWorseThanProduction_SaysWorseAndTheGateFails()
    {
        await ProduceAsync(project.Strong, "review-worse-models");

        var review = await ReviewCandidateAsync(project.Weak, "review-worse-models");

        Assert.Contains("**Candidate is worse than production** on validation:log_loss", review, StringComparison.Ordinal);
        Assert.Matches(@"\| \+[0-9.]+ worse \|", review);
        Assert.Contains("**Metric gate fails**", review, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_TrainedCandidate_ShowsTheTrainingCostAtTheTablePrice()
    {
        var review = await ReviewCandidateAsync(project.Strong, "review-cost-models");

        Assert.Matches(@"\| Training job \| 1 × ml\.m5\.large \| \$0\.115/hour \| \$[0-9.]+ for [0-9.]+ instance-hours \|", review);
        Assert.Contains("**Cost**: training $", review, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_CandidateWithWarmPool_ShowsTheMostThePoolCanCost()
    {
        var review = await ReviewCandidateAsync(project.Pooled, "review-pool-models");

        Assert.Matches(@"\| Warm pool \(Available\) \| 1 × ml\.m5\.large \| \$0\.115/hour \| up to \$[0-9.]+ for 0\.1667 instance-hours if no later job reuses it \|", review);
    }

    [Fact]
    public async Task Report_CandidateWithWarmPool_PutsThePoolCostIntoTheReleaseCosts()
    {
        await ReviewCandidateAsync(project.Pooled, "review-pool-costs-models");

        using var costs = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(project.Pooled, StageFiles.ReleaseInputDirectory, StageFiles.CostsFileName)));
        var poolHours = costs.RootElement.GetProperty("warmPoolInstanceHours").GetDouble();
        var poolUsd = costs.RootElement.GetProperty("warmPoolUsd").GetDouble();
        Assert.Equal(600.0 / 3600, poolHours, precision: 4);
        Assert.Equal(0.115 * 600 / 3600, poolUsd, precision: 4);
    }

    [Fact]
    public async Task Report_Candidate_WritesTheReviewAndCostsForTheReleaseZip()
    {
        await ReviewCandidateAsync(project.Strong, "review-release-models");

        var inputs = Path.Combine(project.Strong, StageFiles.ReleaseInputDirectory);
        Assert.StartsWith(MlOps.Sdk.Review.MergeRequestReviewMarkdown.Marker, await File.ReadAllTextAsync(Path.Combine(inputs, StageFiles.ReviewFileName)), StringComparison.Ordinal);
        Assert.Contains("\"trainingUsd\":", await File.ReadAllTextAsync(Path.Combine(inputs, StageFiles.CostsFileName)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_Candidate_WritesTheMetricsReportForGitLab()
    {
        await ReviewCandidateAsync(project.Strong, "review-metrics-models");

        var lines = await File.ReadAllLinesAsync(Path.Combine(project.Strong, StageFiles.MetricsReport));
        Assert.Contains(lines, l => l.StartsWith("validation:auc 0.", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("mlops_training_cost_usd ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Report_MetricsDotEnvRequested_HandsTheMetricsOnAsDotEnvVariables()
    {
        var run = new StageRun(project, "candidate", mergeRequestIid: 7);

        var exitCode = await run.RunAsync(
            new PipelineStep(new TrainStage(), project.Strong),
            new PipelineStep(new RegisterStage(), project.Strong, "--group", "review-dotenv-models"),
            new PipelineStep(new ReportStage(), project.Strong, "--group", "review-dotenv-models", "--metrics-dotenv", "true"));

        Assert.True(exitCode == StageExitCode.Success, run.Output);
        Assert.Contains(await File.ReadAllLinesAsync(run.DotEnvFile), l => l.StartsWith("MLOPS_METRIC_VALIDATION_AUC=0.", StringComparison.Ordinal));
    }

    // A default-branch run whose version is Approved: what serves production from then on.
    private async Task ProduceAsync(string projectPath, string group)
    {
        var run = new StageRun(project, "production");
        var exitCode = await run.RunAsync(
            new PipelineStep(new TrainStage(), projectPath),
            new PipelineStep(new RegisterStage(), projectPath, "--group", group, "--approval-status", "Approved"));
        Assert.True(exitCode == StageExitCode.Success, run.Output);
    }

    private async Task<string> ReviewCandidateAsync(string projectPath, string group)
    {
        var run = new StageRun(project, "candidate", mergeRequestIid: 7);
        var exitCode = await run.RunAsync(
            new PipelineStep(new TrainStage(), projectPath),
            new PipelineStep(new RegisterStage(), projectPath, "--group", group),
            new PipelineStep(new ReportStage(), projectPath, "--group", group));
        Assert.True(exitCode == StageExitCode.Success, run.Output);
        return await File.ReadAllTextAsync(Path.Combine(projectPath, StageFiles.ReviewReport));
    }
}
