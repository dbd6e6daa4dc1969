using MlOps.Sdk.Naming;
using MlOps.Sdk.SageMaker;

namespace MlOps.Sdk.Registry;

/// <summary>What to register as a new model package version, from a completed training job.</summary>
public sealed record ModelVersionSpec
{
    /// <summary>The model package group; it is created when missing.</summary>
    public required string ModelPackageGroupName { get; init; }

    /// <summary>The completed training job whose model artifact and final metrics are registered.</summary>
    public required string TrainingJobName { get; init; }

    /// <summary>The inference image; <see langword="null"/> uses the training image (one image that trains and serves).</summary>
    public string? Image { get; init; }

    /// <summary>The approval status to register with; candidates stay pending, a gate or a person approves.</summary>
    public ModelApprovalStatus ApprovalStatus { get; init; } = ModelApprovalStatus.PendingManualApproval;

    /// <summary>A description of the version.</summary>
    public string? Description { get; init; }

    /// <summary>MIME types the model accepts.</summary>
    public IReadOnlyList<string> ContentTypes { get; init; } = ["application/json"];

    /// <summary>MIME types the model answers with.</summary>
    public IReadOnlyList<string> ResponseTypes { get; init; } = ["application/json"];

    /// <summary>Instance types the model may be deployed to for real-time inference; empty for any.</summary>
    public IReadOnlyList<string> RealtimeInstanceTypes { get; init; } = [];

    /// <summary>Environment variables for the inference container.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Extra metadata to record on the version (at most 50 entries in all, with the metrics).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Tags for the model package group when registering creates it; <c>ManagedBy=MlOps.Sdk</c> is always added.
    /// The version itself carries none: SageMaker refuses tags on a version of a group, which uses its group's tags.
    /// </summary>
    public IReadOnlyList<ResourceTag> Tags { get; init; } = [];
}
