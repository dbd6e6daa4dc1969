using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MlOps.Sdk.Packaging;
using MlOps.Sdk.Storage;

namespace MlOps.Sdk.Stages;

/// <summary>
/// Package a zip: the project's git-tracked source, the model and deployment configuration earlier stages left in
/// <see cref="StageFiles.ReleaseInputDirectory"/>, release notes, and a manifest with every file's size and SHA-256.
/// The model's <c>model.tar.gz</c> is streamed from the artifact store into the zip (the model package description
/// says where it is), so no job copies it to disk or hands it on as a GitLab artifact. Named <c>candidate-PR-{IID}-{commit}-{UTC}.zip</c> or <c>stable-{UTC}.zip</c>.
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
        var additional = new List<ReleaseFile>();
        if (File.Exists(review))
        {
            additional.Add(ReleaseFile.FromFile("docs/" + StageFiles.ReviewFileName, review));
        }

        if (await ModelArtifactAsync(context, modelDirectory, cancellationToken).ConfigureAwait(false) is { } model)
        {
            additional.Add(model);
        }

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
            AdditionalFiles = additional,
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

    /// <summary>
    /// The model version's <c>model.tar.gz</c>, to be streamed from the artifact store into <c>model/</c>: the
    /// <c>ModelDataUrl</c> of the model package description that register or deploy left, unless the folder already
    /// holds the file. <see langword="null"/> when there is no description or it names no model data.
    /// </summary>
    /// <exception cref="MlOpsValidationException">The description is not JSON or its ModelDataUrl is not an s3:// URI.</exception>
    /// <exception cref="MlOpsException">The object is missing (<c>NoSuchKey</c>).</exception>
    internal static async Task<ReleaseFile?> ModelArtifactAsync(StageContext context, string modelDirectory, CancellationToken cancellationToken)
    {
        var description = Path.Combine(modelDirectory, StageFiles.ModelPackageFileName);
        if (!File.Exists(description) || File.Exists(Path.Combine(modelDirectory, ModelArchive.FileName)))
        {
            return null;
        }

        string? modelDataUrl;
        try
        {
            using var json = JsonDocument.Parse(await File.ReadAllBytesAsync(description, cancellationToken).ConfigureAwait(false));
            modelDataUrl = json.RootElement.TryGetProperty("ModelDataUrl", out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        }
        catch (JsonException ex)
        {
            throw new MlOpsValidationException(StageFiles.ModelPackageFileName, $"'{description}' must be the model package description register wrote: {ex.Message}");
        }

        if (string.IsNullOrEmpty(modelDataUrl))
        {
            return null;
        }

        var uri = S3Uri.Parse(modelDataUrl, StageFiles.ModelPackageFileName + ": ModelDataUrl");
        var store = context.Services.GetRequiredService<IArtifactStore>();
        await foreach (var item in store.ListAsync(uri, cancellationToken).ConfigureAwait(false))
        {
            if (item.Uri.Key == uri.Key)
            {
                context.Console.WriteResult("model", $"{uri} ({item.Size:N0} bytes, streamed into the zip)");
                return ReleaseFile.FromArtifact("model/" + ModelArchive.FileName, item, store);
            }
        }

        throw new MlOpsException($"the model data {uri} of the registered version does not exist", MlOpsErrorCodes.NoSuchKey, System.Net.HttpStatusCode.NotFound, uri.ToString());
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
