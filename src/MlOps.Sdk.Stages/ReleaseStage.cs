using System.IO.Compression;
using MlOps.Sdk.Naming;
using MlOps.Sdk.Packaging;

namespace MlOps.Sdk.Stages;

/// <summary>
/// Create a release: verifies the zip against its manifest (every file's size and SHA-256), writes the release notes
/// for GitLab's <c>release:</c> keyword, and hands on the generic package registry URL the pipeline uploads the zip to.
/// </summary>
public sealed class ReleaseStage : IStage
{
    /// <summary>The release notes' file name, beside the zip.</summary>
    public const string ReleaseNotesFileName = "release-notes.md";

    /// <summary><c>--zip</c>: the release zip.</summary>
    public static readonly StageOption Zip = StageOption.Create("zip", "the release zip (handed on by package)", null, "MLOPS_RELEASE_ZIP");

    /// <inheritdoc/>
    public string Name => "release";

    /// <inheritdoc/>
    public string Summary => "Verifies the release zip and its manifest, writes the release notes and says where the zip is published.";

    /// <inheritdoc/>
    public IReadOnlyList<StageOption> Options => [Zip];

    /// <inheritdoc/>
    public async Task<int> RunAsync(StageContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var zipPath = context.ResolvePath(context.Arguments.Require(Zip.Name, "run the package stage first"));
        if (!File.Exists(zipPath))
        {
            throw new MlOpsValidationException("--zip", $"must be an existing release zip (got '{zipPath}'): run the package stage first");
        }

        var name = ReleaseName.Parse(Path.GetFileName(zipPath));
        var verification = await context.Console.RunStepAsync(
            $"verifying {name.FileName}",
            ct => new ReleaseVerifier().VerifyAsync(zipPath, null, ct),
            cancellationToken).ConfigureAwait(false);
        if (!verification.IsValid)
        {
            context.Console.WriteError($"{name.FileName} does not match its manifest: {verification.Problem}{(verification.MismatchPath is null ? string.Empty : $" ({verification.MismatchPath})")}");
            return StageExitCode.Failed;
        }

        context.Console.WriteResult("verified", $"{verification.FilesChecked} files match manifest.json");
        var notesPath = Path.Combine(Path.GetDirectoryName(zipPath)!, ReleaseNotesFileName);
        await WriteReleaseNotesAsync(zipPath, notesPath, cancellationToken).ConfigureAwait(false);

        var values = new Dictionary<string, string>
        {
            ["MLOPS_RELEASE_ZIP"] = context.ToHandoffPath(zipPath),
            ["MLOPS_RELEASE_NAME"] = name.FileName,
            ["MLOPS_RELEASE_TAG"] = Path.GetFileNameWithoutExtension(name.FileName),
            ["MLOPS_RELEASE_NOTES"] = context.ToHandoffPath(notesPath),
        };
        var packageUrl = PackageRegistryUrl(context, name);
        if (packageUrl is not null)
        {
            values["MLOPS_RELEASE_PACKAGE_URL"] = packageUrl;
            context.Console.WriteResult("package registry", packageUrl);
        }

        await context.Handoff.PublishAsync(values, cancellationToken).ConfigureAwait(false);
        context.Console.WriteResult("release zip", zipPath);
        return StageExitCode.Success;
    }

    /// <summary>Where the release job uploads the zip in GitLab's generic package registry, or <see langword="null"/> outside GitLab.</summary>
    /// <param name="context">The stage's context.</param>
    /// <param name="name">The release's name.</param>
    /// <returns>The URL.</returns>
    internal static string? PackageRegistryUrl(StageContext context, ReleaseName name)
    {
        var api = context.GetVariable("CI_API_V4_URL");
        var projectId = context.GetVariable("CI_PROJECT_ID");
        if (string.IsNullOrWhiteSpace(api) || string.IsNullOrWhiteSpace(projectId))
        {
            return null;
        }

        var package = context.Arguments.Get(CommonStageOptions.Project.Name)?.ToLowerInvariant() ?? "mlops-release";
        var version = Path.GetFileNameWithoutExtension(name.FileName);
        return $"{api.TrimEnd('/')}/projects/{Uri.EscapeDataString(projectId)}/packages/generic/{Uri.EscapeDataString(package)}/{Uri.EscapeDataString(version)}/{Uri.EscapeDataString(name.FileName)}";
    }

    private static async Task WriteReleaseNotesAsync(string zipPath, string notesPath, CancellationToken cancellationToken)
    {
        var archive = await ZipFile.OpenReadAsync(zipPath, cancellationToken).ConfigureAwait(false);
        await using (archive.ConfigureAwait(false))
        {
            var entry = archive.GetEntry(ReleaseDocs.ReleaseNotesEntry);
            if (entry is null)
            {
                await File.WriteAllTextAsync(notesPath, $"Release {Path.GetFileName(zipPath)}\n", cancellationToken).ConfigureAwait(false);
                return;
            }

            var source = await entry.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (source.ConfigureAwait(false))
            {
                var target = File.Create(notesPath);
                await using (target.ConfigureAwait(false))
                {
                    await source.CopyToAsync(target, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }
}
