using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MlOps.Sdk.Packaging;

namespace MlOps.Sdk.Stages;

/// <summary>
/// Package a zip: the project's git-tracked source, the model and deployment configuration earlier stages left in
/// <see cref="StageFiles.ReleaseInputDirectory"/>, release notes, and a manifest with every file's size and SHA-256.
/// Named <c>candidate-PR-{IID}-{commit}-{UTC}.zip</c> or <c>stable-{UTC}.zip</c>.
/// </summary>
public sealed class PackageStage : IStage
{
    /// <summary><c>--output-path</c>: the folder the zip is written to.</summary>
    public static readonly StageOption OutputPath = StageOption.Create("output-path", "the folder the zip is written to", StageFiles.ReleaseDirectory);

    /// <summary><c>--model-package-arn</c>: the model version the release holds.</summary>
    public static readonly StageOption ModelPackageArn = StageOption.Create("model-package-arn", "the model package version the release holds (handed on by register or deploy)");

    /// <inheritdoc/>
    public string Name => "package";

    /// <inheritdoc/>
    public string Summary => "Builds the release zip: source, model, deployment configuration, docs and a manifest with checksums.";

    /// <inheritdoc/>
    public IReadOnlyList<StageOption> Options => [OutputPath, ModelPackageArn];

    /// <inheritdoc/>
    public async Task<int> RunAsync(StageContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var release = context.ReleaseContext();
        var projectPath = context.ProjectPath;
        if (!Directory.Exists(projectPath))
        {
            throw new MlOpsValidationException("--project-path", $"must be an existing folder (got '{projectPath}')");
        }

        var project = context.Arguments.Get(CommonStageOptions.Project.Name)?.ToLowerInvariant();
        var outputPath = context.ResolvePath(context.Arguments.Get(OutputPath.Name)!);
        var inputs = context.ResolvePath(StageFiles.ReleaseInputDirectory);
        var modelDirectory = Path.Combine(inputs, "model");
        var deployDirectory = Path.Combine(inputs, "deploy");
        var metrics = await ReadMetricsAsync(Path.Combine(inputs, StageFiles.MetricsFileName), cancellationToken).ConfigureAwait(false);
        var costs = await ReadCostsAsync(Path.Combine(inputs, StageFiles.CostsFileName), cancellationToken).ConfigureAwait(false);
        var review = Path.Combine(inputs, StageFiles.ReviewFileName);

        context.Console.WriteResult("release", release.ReleaseName.FileName);
        var request = new ReleasePackageRequest
        {
            Context = release,
            OutputDirectory = outputPath,
            Project = project,
            SourceDirectory = projectPath,
            ModelDirectory = Directory.Exists(modelDirectory) ? modelDirectory : null,
            DeployDirectory = Directory.Exists(deployDirectory) ? deployDirectory : null,
            ModelPackageArn = context.Arguments.Get(ModelPackageArn.Name),
            Metrics = metrics,
            Costs = costs,
            AdditionalFiles = File.Exists(review) ? [ReleaseFile.FromFile("docs/" + StageFiles.ReviewFileName, review)] : [],
            Notes = ReleaseNotes.FromGitLabCi(context.GetVariable),
        };

        var packager = new ReleasePackager(context.Services.GetService<ILogger<ReleasePackager>>());
        var result = await context.Console.RunStepAsync(
            $"packaging {release.ReleaseName.FileName}",
            ct => packager.CreateAsync(request, null, ct),
            cancellationToken).ConfigureAwait(false);

        context.Console.WriteResult("files", result.Manifest.Files.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        context.Console.WriteResult("size", $"{result.ZipSize:N0} bytes");
        context.Console.WriteResult("zip", result.ZipPath);
        await context.Handoff.PublishAsync(
            new Dictionary<string, string>
            {
                ["MLOPS_RELEASE_ZIP"] = context.ToHandoffPath(result.ZipPath),
                ["MLOPS_RELEASE_NAME"] = release.ReleaseName.FileName,
                ["MLOPS_RELEASE_TAG"] = Path.GetFileNameWithoutExtension(release.ReleaseName.FileName),
            },
            cancellationToken).ConfigureAwait(false);
        return StageExitCode.Success;
    }

    private static async Task<ReleaseCosts?> ReadCostsAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            var stream = File.OpenRead(path);
            await using (stream.ConfigureAwait(false))
            {
                return await JsonSerializer.DeserializeAsync(stream, StageJsonContext.Default.ReleaseCosts, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (JsonException ex)
        {
            throw new MlOpsValidationException(StageFiles.CostsFileName, $"'{path}' must hold the cost figures the report stage wrote: {ex.Message}");
        }
    }

    private static async Task<IReadOnlyDictionary<string, double>> ReadMetricsAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return new Dictionary<string, double>();
        }

        try
        {
            var stream = File.OpenRead(path);
            await using (stream.ConfigureAwait(false))
            {
                return await JsonSerializer.DeserializeAsync(stream, StageJsonContext.Default.DictionaryStringDouble, cancellationToken).ConfigureAwait(false)
                    ?? new Dictionary<string, double>();
            }
        }
        catch (JsonException ex)
        {
            throw new MlOpsValidationException(StageFiles.MetricsFileName, $"'{path}' must be a JSON object of metric name to number: {ex.Message}");
        }
    }
}
