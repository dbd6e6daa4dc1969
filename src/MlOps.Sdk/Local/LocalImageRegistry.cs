using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace MlOps.Sdk.Local;

/// <summary>
/// The local stand-in for ECR: the build stage registers a published folder and its entry point under an ECR-shaped
/// URI, and local training jobs and endpoints run that entry point with <c>train</c> or <c>serve</c>.
/// </summary>
public sealed partial class LocalImageRegistry
{
    private readonly LocalStateStore state;
    private readonly LocalArns arns;
    private readonly TimeProvider timeProvider;

    /// <summary>Creates a registry over the home folder the options name.</summary>
    /// <param name="options">Local-mode settings.</param>
    /// <param name="timeProvider">The clock; the system clock when omitted.</param>
    public LocalImageRegistry(IOptions<LocalOptions> options, TimeProvider? timeProvider = null)
        : this(new LocalStateStore(options ?? throw new ArgumentNullException(nameof(options))), new LocalArns(options.Value.ResolveRegion(), options.Value.AccountId), timeProvider ?? TimeProvider.System)
    {
    }

    internal LocalStateStore State => state;

    internal LocalImageRegistry(LocalStateStore state, LocalArns arns, TimeProvider timeProvider)
    {
        this.state = state;
        this.arns = arns;
        this.timeProvider = timeProvider;
    }

    /// <summary>The ECR-shaped URI of a repository and tag: <c>000000000000.dkr.ecr.us-east-1.amazonaws.com/&lt;repository&gt;:&lt;tag&gt;</c>.</summary>
    /// <param name="repository">The repository name (lowercase letters, digits, <c>. _ - /</c>).</param>
    /// <param name="tag">The tag.</param>
    /// <returns>The image URI.</returns>
    public string GetImageUri(string repository, string tag = "latest")
    {
        ValidateRepository(repository);
        ValidateTag(tag);
        return $"{arns.ImageRegistryHost}/{repository}:{tag}";
    }

    /// <summary>Registers (or replaces) an image: a published folder and the command that runs it.</summary>
    /// <param name="repository">The repository name.</param>
    /// <param name="tag">The tag, such as the commit id.</param>
    /// <param name="folder">The published folder (for example the output of <c>dotnet publish</c>).</param>
    /// <param name="entryPoint">The command and its leading arguments, such as <c>["dotnet", "Trainer.dll"]</c> or <c>["./trainer"]</c>; relative paths resolve against <paramref name="folder"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The registered image.</returns>
    public async Task<LocalImage> RegisterAsync(string repository, string tag, string folder, IReadOnlyList<string> entryPoint, CancellationToken cancellationToken = default)
    {
        var uri = GetImageUri(repository, tag);
        ArgumentNullException.ThrowIfNull(entryPoint);
        if (string.IsNullOrWhiteSpace(folder) || !Directory.Exists(folder))
        {
            throw new MlOpsValidationException(nameof(folder), $"folder '{folder}' does not exist: publish the project there first");
        }

        if (entryPoint.Count == 0 || entryPoint.Any(string.IsNullOrWhiteSpace))
        {
            throw new MlOpsValidationException(nameof(entryPoint), "must name a command (for example [\"dotnet\", \"Trainer.dll\"]) with no empty parts");
        }

        var image = new LocalImage(uri, Path.GetFullPath(folder), entryPoint.ToArray(), LocalTimestamp.Now(timeProvider));
        await state.WriteAsync(
            t =>
            {
                if (!t.TryInsert(LocalResourceKind.Image, uri, uri, image.RegisteredAt, image))
                {
                    t.Replace(LocalResourceKind.Image, uri, image);
                }

                return image;
            },
            cancellationToken).ConfigureAwait(false);
        return image;
    }

    /// <summary>Finds a registered image; a URI without a tag means <c>:latest</c>.</summary>
    /// <param name="imageUri">The image URI.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The image, or <see langword="null"/> when it is not registered.</returns>
    public Task<LocalImage?> FindAsync(string imageUri, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(imageUri);
        return state.GetAsync<LocalImage>(LocalResourceKind.Image, Normalize(imageUri), cancellationToken);
    }

    /// <summary>Lists the registered images.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The images, oldest first.</returns>
    public async Task<IReadOnlyList<LocalImage>> ListAsync(CancellationToken cancellationToken = default) =>
        await state.ListAsync<LocalImage>(LocalResourceKind.Image, cancellationToken).ConfigureAwait(false);

    /// <summary>Finds a registered image or explains how to register it.</summary>
    internal async Task<LocalImage> ResolveAsync(string? imageUri, string fieldName, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(imageUri))
        {
            throw LocalErrors.Validation($"{fieldName} is required in local mode: name an image registered with LocalImageRegistry.");
        }

        var image = await FindAsync(imageUri, cancellationToken).ConfigureAwait(false);
        return image ?? throw LocalErrors.Validation(NotRegisteredMessage(imageUri), imageUri);
    }

    internal string NotRegisteredMessage(string imageUri) =>
        $"Image '{imageUri}' is not registered in the local image registry ({state.Home}). Build it first: run the pipeline's build stage, "
        + "or publish the project (dotnet publish -c Release -o <folder>) and register the folder with "
        + "LocalImageRegistry.RegisterAsync(\"<repository>\", \"<tag>\", \"<folder>\", [\"dotnet\", \"<App>.dll\"]).";

    private static string Normalize(string imageUri)
    {
        var slash = imageUri.LastIndexOf('/');
        return imageUri.IndexOf(':', slash + 1) < 0 ? imageUri + ":latest" : imageUri;
    }

    private static void ValidateRepository(string repository)
    {
        if (string.IsNullOrEmpty(repository) || repository.Length is < 2 or > 256 || !RepositoryPattern().IsMatch(repository))
        {
            throw new MlOpsValidationException(nameof(repository), $"'{repository}' must be 2-256 characters of lowercase letters and digits, separated by single '.', '_', '-' or '/'");
        }
    }

    private static void ValidateTag(string tag)
    {
        if (string.IsNullOrEmpty(tag) || !TagPattern().IsMatch(tag))
        {
            throw new MlOpsValidationException(nameof(tag), $"'{tag}' must be 1-128 characters of letters, digits, '_', '.' and '-', not starting with '.' or '-'");
        }
    }

    [GeneratedRegex("^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex RepositoryPattern();

    [GeneratedRegex("^[a-zA-Z0-9_][a-zA-Z0-9_.-]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex TagPattern();
}
