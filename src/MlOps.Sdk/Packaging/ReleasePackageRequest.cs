using System.IO.Compression;
using MlOps.Sdk.Naming;

namespace MlOps.Sdk.Packaging;

/// <summary>
/// Everything a release zip is built from. The zip holds <c>source/</c>, <c>model/</c>, <c>deploy/</c>, <c>docs/</c>
/// and <c>manifest.json</c>; its name comes from <see cref="Context"/>.
/// </summary>
public sealed record ReleasePackageRequest
{
    /// <summary>The pipeline run: release kind, merge request, commit, time and pipeline.</summary>
    public required ReleaseContext Context { get; init; }

    /// <summary>The folder the zip is written to; created when missing.</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>The project name recorded in the manifest and docs, when given.</summary>
    public string? Project { get; init; }

    /// <summary>The source tree; its files go under <c>source/</c>. <see langword="null"/> packages no source.</summary>
    public string? SourceDirectory { get; init; }

    /// <summary>
    /// The source files to package, relative to <see cref="SourceDirectory"/>. <see langword="null"/> packages the files
    /// git tracks there (<c>git ls-files</c>), which needs <c>git</c> on the PATH.
    /// </summary>
    public IReadOnlyList<string>? SourceFiles { get; init; }

    /// <summary>A folder whose files go under <c>model/</c>, such as the one holding <c>model.tar.gz</c>.</summary>
    public string? ModelDirectory { get; init; }

    /// <summary>A folder whose files go under <c>deploy/</c>: endpoint and model configuration as JSON.</summary>
    public string? DeployDirectory { get; init; }

    /// <summary>A folder whose files go under <c>docs/</c>, besides the generated release notes and usage.</summary>
    public string? DocsDirectory { get; init; }

    /// <summary>More files with their entry paths, such as generated <c>model/model-package.json</c> or <c>deploy/endpoint-config.json</c>.</summary>
    public IReadOnlyList<ReleaseFile> AdditionalFiles { get; init; } = [];

    /// <summary>The registered model package version's ARN, when there is one.</summary>
    public string? ModelPackageArn { get; init; }

    /// <summary>Model metrics by name; each value must be a finite number.</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    /// <summary>The cost figures to record in the manifest, when the pipeline computed them.</summary>
    public ReleaseCosts? Costs { get; init; }

    /// <summary>Commit and merge request data for <c>docs/RELEASE_NOTES.md</c>, when known.</summary>
    public ReleaseNotes? Notes { get; init; }

    /// <summary>How files that are not already compressed are deflated. Already-compressed types are always stored.</summary>
    public CompressionLevel CompressionLevel { get; init; } = CompressionLevel.Optimal;
}
