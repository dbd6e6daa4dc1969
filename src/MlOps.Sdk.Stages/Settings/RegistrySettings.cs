using MlOps.Sdk.Registry;
using MlOps.Sdk.SageMaker;

namespace MlOps.Sdk.Stages.Settings;

/// <summary>The model registry's settings: <c>manifest.json</c> <c>registry</c>, overridden by the register stage's options.</summary>
internal sealed record RegistrySettings
{
    /// <summary>The comparisons the metric gate makes: it compares inclusively, in one direction or the other.</summary>
    public static readonly IReadOnlyList<string> GateComparisons = ["GreaterThanOrEqualToThreshold", "LessThanOrEqualToThreshold"];

    /// <summary>The approval statuses a merge request's version may get.</summary>
    public static readonly IReadOnlyList<string> CandidateApprovalStatuses = [nameof(ModelApprovalStatus.PendingManualApproval), nameof(ModelApprovalStatus.Rejected)];

    /// <summary>The metric gate of stable pipelines (<c>registry.gate</c>), or <see langword="null"/> when it names no metric.</summary>
    public MetricGate? Gate { get; init; }

    /// <summary>
    /// The status a merge request's version gets (<c>registry.candidateApprovalStatus</c>, default PendingManualApproval).
    /// Approved is refused: production deploys the newest Approved version, so an approved candidate would be served
    /// before anyone reviewed it. An explicit <c>--approval-status</c> is a person's decision and is not limited.
    /// </summary>
    public required ModelApprovalStatus CandidateApprovalStatus { get; init; }

    /// <summary>The content types the model accepts (<c>registry.inference.contentTypes</c>, default JSON).</summary>
    public required IReadOnlyList<string> ContentTypes { get; init; }

    /// <summary>The content types the model answers with (<c>registry.inference.responseTypes</c>, default JSON).</summary>
    public required IReadOnlyList<string> ResponseTypes { get; init; }

    /// <summary>The instance types the model may serve on (<c>registry.inference.realtimeInstanceTypes</c>).</summary>
    public required IReadOnlyList<string> RealtimeInstanceTypes { get; init; }

    /// <summary>Reads and checks the settings.</summary>
    /// <param name="values">The stage's layers.</param>
    /// <returns>The settings.</returns>
    /// <exception cref="MlOpsValidationException">A value breaks its rule; the message names it.</exception>
    public static RegistrySettings Read(StageSettingValues values)
    {
        var metric = values.Text("registry.gate.metric");
        var threshold = values.Number("registry.gate.threshold", rule: "must be a number such as 0.9");
        var comparison = values.OneOf("registry.gate.comparison", GateComparisons, "the gate compares the metric with the threshold inclusively");
        MetricGate? gate = null;
        if (metric is not null)
        {
            gate = new MetricGate
            {
                MetricName = metric,
                Threshold = threshold,
                Direction = comparison == GateComparisons[1] ? MetricDirection.LowerIsBetter : MetricDirection.HigherIsBetter,
            };
            gate.Validate();
        }

        var candidateStatus = values.OneOf(
            "registry.candidateApprovalStatus",
            CandidateApprovalStatuses,
            "production deploys the newest Approved version, so a merge request's model is never approved before review");
        return new RegistrySettings
        {
            Gate = gate,
            CandidateApprovalStatus = candidateStatus is null ? ModelApprovalStatus.PendingManualApproval : Enum.Parse<ModelApprovalStatus>(candidateStatus),
            ContentTypes = OrJson(values.List("registry.inference.contentTypes")),
            ResponseTypes = OrJson(values.List("registry.inference.responseTypes")),
            RealtimeInstanceTypes = values.List("registry.inference.realtimeInstanceTypes"),
        };
    }

    private static IReadOnlyList<string> OrJson(IReadOnlyList<string> types) => types.Count > 0 ? types : ["application/json"];
}
