using MlOps.Sdk.Costs;
using MlOps.Sdk.Endpoints;
using MlOps.Sdk.Registry;
using MlOps.Sdk.Review;
using MlOps.Sdk.SageMaker;
using MlOps.Sdk.Training;

namespace MlOps.Sdk.Tests.Review;

public sealed class MergeRequestReviewMarkdownTests
{
    private const string Group = "churn-models";
    private static readonly MetricGate AucGate = new() { MetricName = "validation:auc", Threshold = 0.9 };

    [Fact]
    public void Write_AnyReview_StartsWithTheHiddenMarker()
    {
        var markdown = MergeRequestReviewMarkdown.Write(Review(Version(3, 0.97), null));

        Assert.StartsWith(MergeRequestReviewMarkdown.Marker + "\n", markdown.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void Write_CandidateBetterThanProduction_SaysBetterWithTheDifference()
    {
        var candidate = Version(3, 0.97);

        var markdown = MergeRequestReviewMarkdown.Write(Review(candidate, Production(Version(2, 0.95))));

        Assert.Contains("**Candidate is better than production** on validation:auc: 0.9700 against 0.9500 (+0.0200) of version 2.", markdown, StringComparison.Ordinal);
        Assert.Contains("| **validation:auc** (gate, higher is better, threshold 0.9000) | 0.9700 | 0.9500 | +0.0200 better |", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_CandidateWorseThanProduction_SaysWorseWithTheDifference()
    {
        var candidate = Version(3, 0.91);

        var markdown = MergeRequestReviewMarkdown.Write(Review(candidate, Production(Version(2, 0.95))));

        Assert.Contains("**Candidate is worse than production** on validation:auc: 0.9100 against 0.9500 (−0.0400) of version 2.", markdown, StringComparison.Ordinal);
        Assert.Contains("| −0.0400 worse |", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_LowerIsBetterMetricThatFell_SaysBetter()
    {
        var gate = new MetricGate { MetricName = "validation:auc", Direction = MetricDirection.LowerIsBetter, Threshold = 1 };
        var candidate = Version(3, 0.5);

        var markdown = MergeRequestReviewMarkdown.Write(Review(candidate, Production(Version(2, 0.6))) with { Gate = gate.Evaluate(candidate.Metrics, null) });

        Assert.Contains("**Candidate is better than production**", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_NoProduction_SaysFirstModelAndShowsNoneYet()
    {
        var markdown = MergeRequestReviewMarkdown.Write(Review(Version(1, 0.97), null));

        Assert.Contains("**First model**: nothing serves production yet", markdown, StringComparison.Ordinal);
        Assert.Contains("| none yet |", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_GateThresholdMissed_SaysTheGateFails()
    {
        var markdown = MergeRequestReviewMarkdown.Write(Review(Version(3, 0.85), null));

        Assert.Contains("**Metric gate fails**: Metric gate rejected: validation:auc 0.85 misses the threshold 0.9", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_CandidateIsProductionsVersion_SaysSameModel()
    {
        var version = Version(2, 0.95);

        var markdown = MergeRequestReviewMarkdown.Write(Review(version, Production(version)));

        Assert.Contains("**Same model as production**: the candidate serves version 2", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_FailedTestCase_ShowsTheFailureInItsRowWithoutBreakingTheTable()
    {
        var tests = new EndpointTestReport
        {
            EndpointName = "churn-candidate-mr7",
            StartedAt = DateTimeOffset.UnixEpoch,
            Health = new EndpointTestResult { Name = "health", Passed = true, Latency = TimeSpan.FromMilliseconds(2) },
            Samples = [new EndpointTestResult { Name = "row 1", Passed = false, Latency = TimeSpan.FromMilliseconds(3), Message = "expected 1 | got 0" }],
        };

        var markdown = MergeRequestReviewMarkdown.Write(Review(Version(3, 0.97), null) with { CandidateTests = tests });

        Assert.Contains("**Endpoint tests fail**: 1 of 2 cases on churn-candidate-mr7", markdown, StringComparison.Ordinal);
        Assert.Contains("| row 1 | **failed**: expected 1 \\| got 0 | 3.0 ms | – |", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_LatencyMeasuredOnBoth_ShowsProductionColumns()
    {
        var tests = new EndpointTestReport
        {
            EndpointName = "cand",
            StartedAt = DateTimeOffset.UnixEpoch,
            Health = new EndpointTestResult { Name = "health", Passed = true, Latency = TimeSpan.FromMilliseconds(2) },
        };
        var latency = new CaseLatencyComparison
        {
            CaseName = "health",
            ByEndpoint = new Dictionary<string, LatencyReport>
            {
                ["cand"] = LatencyReport.FromSamples([TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(4)], 0),
                ["prod"] = LatencyReport.FromSamples([TimeSpan.FromMilliseconds(2), TimeSpan.FromMilliseconds(8)], 0),
            },
        };
        var production = Production(Version(2, 0.95)) with { Endpoint = Variant("prod", "ml.m5.large", 1) };

        var markdown = MergeRequestReviewMarkdown.Write(Review(Version(3, 0.97), production) with { CandidateTests = tests, Latency = [latency] });

        Assert.Contains("| Case | Result | Candidate p50 | Candidate p99 | Production p50 | Production p99 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| health | passed | 1.0 ms | 4.0 ms | 2.0 ms | 8.0 ms |", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_EndpointCostKnown_ShowsHourlyAndMonthly()
    {
        var cost = EndpointCost.Compute("ml.m5.large", 2, "us-east-1");

        var markdown = MergeRequestReviewMarkdown.Write(Review(Version(3, 0.97), null) with { EndpointCost = cost });

        var hourly = CostFigures.FormatRate(cost.FleetUsdPerHour!.Value);
        Assert.Contains($"| Candidate endpoint | 2 × ml.m5.large | {CostFigures.FormatRate(cost.UsdPerHour!.Value)}/hour | {hourly}/hour, {CostFigures.FormatUsd(cost.UsdPerMonth!.Value)}/month |", markdown, StringComparison.Ordinal);
        Assert.Contains($"the candidate endpoint {hourly}/hour", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_WarmPoolNotYetReused_ShowsItsMostCost()
    {
        var pool = TrainingCost.Compute(TimeSpan.FromSeconds(3600), "ml.m5.large", 2, "us-east-1");

        var markdown = MergeRequestReviewMarkdown.Write(Review(Version(3, 0.97), null) with { WarmPoolCost = pool });

        Assert.Contains($"| Warm pool (kept after the job) | 2 × ml.m5.large | $0.115/hour | up to {CostFigures.FormatUsd(pool.TotalUsd!.Value)} for 2 instance-hours if no later job reuses it |", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_WarmPoolNotYetReused_PutsItsMostCostIntoTheSummary()
    {
        var pool = TrainingCost.Compute(TimeSpan.FromSeconds(3600), "ml.m5.large", 2, "us-east-1");

        var markdown = MergeRequestReviewMarkdown.Write(Review(Version(3, 0.97), null) with { WarmPoolCost = pool });

        Assert.Contains($"warm pool up to {CostFigures.FormatUsd(pool.TotalUsd!.Value)}", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_WarmPoolTerminated_ShowsItsRetainedCost()
    {
        var pool = TrainingCost.Compute(TimeSpan.FromSeconds(1800), "ml.m5.large", 1, "us-east-1");
        var job = new TrainingJob
        {
            Name = "job-1",
            Arn = "arn:aws:sagemaker:us-east-1:000000000000:training-job/job-1",
            Status = TrainingJobStatus.Completed,
            SecondaryStatus = SecondaryStatus.Completed,
            CreationTime = DateTimeOffset.UnixEpoch,
            WarmPool = new WarmPoolStatus { Status = WarmPoolResourceStatus.Terminated, ResourceRetainedBillableTimeInSeconds = 1800 },
        };

        var markdown = MergeRequestReviewMarkdown.Write(Review(Version(3, 0.97), null) with { TrainingJob = job, WarmPoolCost = pool });

        Assert.Contains($"| Warm pool (Terminated) | 1 × ml.m5.large | $0.115/hour | {CostFigures.FormatUsd(pool.TotalUsd!.Value)} for 0.5 instance-hours retained |", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_InstanceTypeNotInPriceTable_SaysPriceUnknown()
    {
        var cost = EndpointCost.Compute("ml.nonexistent.large", 1, "us-east-1");

        var markdown = MergeRequestReviewMarkdown.Write(Review(Version(3, 0.97), null) with { EndpointCost = cost });

        Assert.Contains("| Candidate endpoint | 1 × ml.nonexistent.large | unknown | price unknown", markdown, StringComparison.Ordinal);
        Assert.Contains("No price of the SDK's price table applies.", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_LinkWithoutPage_ShowsItsLabelAsCode()
    {
        var markdown = MergeRequestReviewMarkdown.Write(Review(Version(3, 0.97), null) with { Links = [new ReviewLink("Release zip", ".mlops/release/candidate.zip", null)] });

        Assert.Contains("- Release zip: `.mlops/release/candidate.zip`", markdown, StringComparison.Ordinal);
    }

    private static MergeRequestReview Review(ModelVersion candidate, ProductionModel? production) => new()
    {
        Project = "churn",
        MergeRequestIid = 7,
        Commit = "0123abcd",
        CreatedAt = new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero),
        Mode = "local",
        Candidate = candidate,
        Production = production,
        Gate = AucGate.Evaluate(candidate.Metrics, null),
    };

    private static ProductionModel Production(ModelVersion version) => new() { Version = version, FoundBy = "as the newest Approved version of " + Group };

    private static ServedVariant Variant(string endpoint, string instanceType, int count) =>
        new() { EndpointName = endpoint, EndpointConfigName = endpoint + "-config", VariantName = "AllTraffic", InstanceType = instanceType, InstanceCount = count };

    private static ModelVersion Version(int version, double auc) => new()
    {
        Arn = $"arn:aws:sagemaker:us-east-1:000000000000:model-package/{Group}/{version}",
        GroupName = Group,
        Version = version,
        ApprovalStatus = version == 3 ? ModelApprovalStatus.PendingManualApproval : ModelApprovalStatus.Approved,
        Status = ModelPackageStatus.Completed,
        CreationTime = DateTimeOffset.UnixEpoch,
        Metrics = new Dictionary<string, double> { ["validation:auc"] = auc, ["validation:accuracy"] = 0.9 },
    };
}
