using MlOps.Sdk.Endpoints;
using MlOps.Sdk.Registry;

namespace MlOps.Sdk.Review;

/// <summary>What serves production now: the model version, and the endpoint variant serving it when there is one.</summary>
public sealed record ProductionModel
{
    /// <summary>The model package version in production, or <see langword="null"/> when it could not be told.</summary>
    public ModelVersion? Version { get; init; }

    /// <summary>The production endpoint's variant, when production is an endpoint that exists.</summary>
    public ServedVariant? Endpoint { get; init; }

    /// <summary>How <see cref="Version"/> was found, for the reader: from the endpoint's model, or as the newest Approved version of the registry.</summary>
    public required string FoundBy { get; init; }
}
