using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MlOps.Sdk.Local;
using MlOps.Sdk.Stages.Settings;

namespace MlOps.Sdk.Stages;

/// <summary>
/// Build: in local mode, publishes the project's application (trainer or inference server) and registers the folder
/// with its entry point as a local image under an ECR-shaped URI. In AWS mode the container job of the pipeline built
/// and pushed the image; this stage checks its URI and hands it on.
/// </summary>
public sealed class BuildStage : IStage
{
    /// <summary><c>--app</c>: the application's project file.</summary>
    public static readonly StageOption App = StageOption.Create("app", "the application's .csproj, relative to the project (manifest.json: image.project)") with { ManifestKey = "image.project" };

    /// <summary><c>--image-name</c>: the image repository.</summary>
    public static readonly StageOption ImageName = StageOption.Create("image-name", "the image repository (manifest.json: image.repository)") with { ManifestKey = "image.repository" };

    /// <summary><c>--image-tag</c>: the image tag.</summary>
    public static readonly StageOption ImageTag = StageOption.Create("image-tag", "the image tag (default: the short commit SHA, else latest)", null, "CI_COMMIT_SHORT_SHA");

    /// <summary><c>--image-uri</c>: AWS mode, the image the container job pushed.</summary>
    public static readonly StageOption ImageUri = StageOption.Create("image-uri", "AWS mode: the image URI the pipeline's container job pushed to ECR");

    /// <summary>How many builds of each image local mode keeps (older ones are deleted after a build).</summary>
    public const int KeptBuilds = 5;

    /// <inheritdoc/>
    public string Name => "build";

    /// <inheritdoc/>
    public string Summary => "Publishes the application and registers it as a local image (local mode), or checks the pushed image (AWS).";

    /// <inheritdoc/>
    public IReadOnlyList<StageOption> Options => [App, ImageName, ImageTag, ImageUri];

    /// <inheritdoc/>
    public async Task<int> RunAsync(StageContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var image = context.Settings.Image;
        var command = image.Command;

        var handoffKey = command == "train" ? "MLOPS_TRAINING_IMAGE_URI" : "MLOPS_SERVING_IMAGE_URI";
        string imageUri;
        if (context.Mode == MlOpsMode.Aws)
        {
            imageUri = context.Arguments.Require(ImageUri.Name, "the container job (build-image) pushes the image and hands its URI on");
            if (!imageUri.Contains(".dkr.ecr.", StringComparison.Ordinal) || !imageUri.Contains(':', StringComparison.Ordinal))
            {
                throw new MlOpsValidationException("--image-uri", $"must be an ECR image URI such as 123456789012.dkr.ecr.us-east-1.amazonaws.com/repo:tag (got '{imageUri}')");
            }
        }
        else
        {
            imageUri = await BuildLocalImageAsync(context, image, cancellationToken).ConfigureAwait(false);
        }

        context.Console.WriteResult("image", imageUri);
        await context.Handoff.PublishAsync(
            new Dictionary<string, string> { [handoffKey] = imageUri, ["MLOPS_IMAGE_URI"] = imageUri },
            cancellationToken).ConfigureAwait(false);
        return StageExitCode.Success;
    }

    private static async Task<string> BuildLocalImageAsync(StageContext context, ImageSettings settings, CancellationToken cancellationToken)
    {
        var command = settings.Command;
        var app = settings.Project
            ?? throw new MlOpsValidationException("--app", $"is required: pass --app <path to .csproj> or set image.project in {ProjectManifest.FileName}");
        var appPath = context.ResolvePath(app);
        if (!File.Exists(appPath))
        {
            throw new MlOpsValidationException("--app", $"must be an existing project file (got '{appPath}')");
        }

        var appName = Path.GetFileNameWithoutExtension(appPath);
        var repository = (settings.Repository ?? appName).ToLowerInvariant();
        var tag = context.Arguments.Get(ImageTag.Name) ?? "latest";
        var assembly = settings.Assembly ?? appName + ".dll";
        // A folder per build in the local home: later jobs may run elsewhere (CI cleans job folders), and a running
        // endpoint keeps its own build's files while a new build is published beside it.
        var home = context.Services.GetRequiredService<IOptions<LocalOptions>>().Value.ResolveHome();
        var repositoryFolder = Path.Combine(home, "images", repository);
        var publishFolder = Path.Combine(repositoryFolder, $"{tag}-{context.TimeProvider.GetUtcNow().ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture)}");
        var registry = context.Services.GetRequiredService<LocalImageRegistry>();

        await context.Console.RunStepAsync(
            $"publishing {Path.GetRelativePath(context.ProjectPath, appPath)}",
            ct => DotNetCommand.RunAsync(["publish", appPath, "--configuration", "Release", "--output", publishFolder, "--nologo", "-v", "quiet"], context.ProjectPath, context.Console, ct),
            cancellationToken).ConfigureAwait(false);

        var entryAssembly = Path.Combine(publishFolder, assembly);
        if (!File.Exists(entryAssembly))
        {
            throw new MlOpsValidationException("image.assembly", $"'{assembly}' is not in the published folder {publishFolder}: set image.assembly in {ProjectManifest.FileName}");
        }

        var image = await context.Console.RunStepAsync(
            $"registering local image {repository}:{tag} ({command})",
            ct => registry.RegisterAsync(repository, tag, publishFolder, ["dotnet", entryAssembly], ct),
            cancellationToken).ConfigureAwait(false);
        PruneOldBuilds(repositoryFolder, publishFolder);
        return image.ImageUri;
    }

    private static void PruneOldBuilds(string repositoryFolder, string current)
    {
        var old = new DirectoryInfo(repositoryFolder).GetDirectories()
            .Where(d => d.FullName != current)
            .OrderByDescending(d => d.CreationTimeUtc)
            .Skip(KeptBuilds - 1);
        foreach (var folder in old)
        {
            try
            {
                folder.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A build still in use stays; the next build tries again.
            }
        }
    }
}
