using MlOps.Sdk.Costs;
using MlOps.Sdk.Endpoints;
using MlOps.Sdk.Registry;
using MlOps.Sdk.Training;

namespace MlOps.Sdk.Review;

/// <summary>
/// Everything a reviewer of a model change needs in one place: the candidate against what serves production now, the
/// metric gate's verdict, the endpoint tests with latency beside production's, the cost, and links. Written as Markdown
/// by <see cref="MergeRequestReviewMarkdown"/>; every part is optional, so a project without an endpoint (training) or
/// without a production yet (the first merge request) still gets a review.
/// </summary>
public sealed record MergeRequestReview
{
    /// <summary>The project.</summary>
    public required string Project { get; init; }

    /// <summary>The merge request's IID, when the review is of a merge request.</summary>
    public int? MergeRequestIid { get; init; }

    /// <summary>The commit reviewed (short SHA).</summary>
    public string? Commit { get; init; }

    /// <summary>When the review was made.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Where the pipeline ran: <c>aws</c>, or <c>local</c> (then costs are what the same work would cost on AWS).</summary>
    public required string Mode { get; init; }

    /// <summary>The candidate model version, when one was registered or deployed.</summary>
    public ModelVersion? Candidate { get; init; }

    /// <summary>What serves production now, or <see langword="null"/> when nothing does yet.</summary>
    public ProductionModel? Production { get; init; }

    /// <summary>What the metric gate decides about the candidate, when the project has a gate.</summary>
    public MetricGateDecision? Gate { get; init; }

    /// <summary>The training job that made the candidate, when this pipeline trained it.</summary>
    public TrainingJob? TrainingJob { get; init; }

    /// <summary>The candidate endpoint's variant, when the pipeline deployed one.</summary>
    public ServedVariant? CandidateEndpoint { get; init; }

    /// <summary>The test stage's report on the candidate endpoint.</summary>
    public EndpointTestReport? CandidateTests { get; init; }

    /// <summary>Each test case's latency on the candidate and on production, measured side by side.</summary>
    public IReadOnlyList<CaseLatencyComparison> Latency { get; init; } = [];

    /// <summary>The training job's cost.</summary>
    public CostFigures? TrainingCost { get; init; }

    /// <summary>
    /// What the training job's warm pool costs: its retained time once SageMaker reports it, else the whole keep-alive
    /// period (the most it can cost if no later job reuses it).
    /// </summary>
    public CostFigures? WarmPoolCost { get; init; }

    /// <summary>The candidate endpoint's cost while it runs.</summary>
    public CostFigures? EndpointCost { get; init; }

    /// <summary>Links to the training job, model package, endpoint and release zip.</summary>
    public IReadOnlyList<ReviewLink> Links { get; init; } = [];

    /// <summary>What the review could not read, one sentence each (a missing production endpoint, a denied call).</summary>
    public IReadOnlyList<string> Remarks { get; init; } = [];
}
