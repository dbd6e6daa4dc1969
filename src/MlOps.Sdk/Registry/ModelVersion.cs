using System.Globalization;
using MlOps.Sdk.SageMaker;

namespace MlOps.Sdk.Registry;

/// <summary>A model package version: where its model is, its approval state and the metrics recorded on it.</summary>
public sealed record ModelVersion
{
    /// <summary>The version's ARN (<c>…:model-package/&lt;group&gt;/&lt;version&gt;</c>).</summary>
    public required string Arn { get; init; }

    /// <summary>The model package group.</summary>
    public string? GroupName { get; init; }

    /// <summary>The version number within the group.</summary>
    public int? Version { get; init; }

    /// <summary>The approval status.</summary>
    public ModelApprovalStatus? ApprovalStatus { get; init; }

    /// <summary>Why it was approved or rejected.</summary>
    public string? ApprovalDescription { get; init; }

    /// <summary>The version's own description.</summary>
    public string? Description { get; init; }

    /// <summary>The package status.</summary>
    public required ModelPackageStatus Status { get; init; }

    /// <summary>When the version was registered.</summary>
    public required DateTimeOffset CreationTime { get; init; }

    /// <summary>The inference image.</summary>
    public string? Image { get; init; }

    /// <summary>The <c>model.tar.gz</c>.</summary>
    public string? ModelDataUrl { get; init; }

    /// <summary>The training job it came from, when registered by <see cref="RegistryClient"/>.</summary>
    public string? TrainingJobName { get; init; }

    /// <summary>The metrics recorded on the version (<c>metric:*</c> metadata), by name.</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    /// <summary>All customer metadata on the version.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();

    /// <summary>Builds the version from a <c>DescribeModelPackage</c> response.</summary>
    /// <param name="response">The response.</param>
    /// <returns>The version.</returns>
    public static ModelVersion FromDescription(DescribeModelPackageResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var metadata = response.CustomerMetadataProperties ?? new Dictionary<string, string>();
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (key, value) in metadata)
        {
            if (key.StartsWith(RegistryMetadataKeys.MetricPrefix, StringComparison.Ordinal)
                && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                metrics[key[RegistryMetadataKeys.MetricPrefix.Length..]] = number;
            }
        }

        var container = response.InferenceSpecification?.Containers.FirstOrDefault();
        return new ModelVersion
        {
            Arn = response.ModelPackageArn,
            GroupName = response.ModelPackageGroupName,
            Version = response.ModelPackageVersion,
            ApprovalStatus = response.ModelApprovalStatus,
            ApprovalDescription = response.ApprovalDescription,
            Description = response.ModelPackageDescription,
            Status = response.ModelPackageStatus,
            CreationTime = response.CreationTime,
            Image = container?.Image,
            ModelDataUrl = container?.ModelDataUrl,
            TrainingJobName = metadata.TryGetValue(RegistryMetadataKeys.TrainingJobName, out var job) ? job : null,
            Metrics = metrics,
            Metadata = metadata,
        };
    }
}
