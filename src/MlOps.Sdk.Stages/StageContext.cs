using MlOps.Sdk.Naming;
using MlOps.Sdk.Stages.Settings;

namespace MlOps.Sdk.Stages;

/// <summary>Everything one stage run works with: its arguments, GitLab's variables, its console, the hand-off and the SDK's services.</summary>
public sealed class StageContext
{
    private ManifestSettings? _settings;

    /// <summary>Creates a context.</summary>
    /// <param name="manifest">The project's <c>manifest.json</c>, a layer of <paramref name="arguments"/>.</param>
    /// <param name="arguments">The resolved options.</param>
    /// <param name="ci">GitLab's variables.</param>
    /// <param name="console">Where the stage prints.</param>
    /// <param name="handoff">Results of earlier stages, and where this stage hands its own on.</param>
    /// <param name="services">The SDK's clients, registered for the mode in use.</param>
    /// <param name="mode">The mode in use.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="getVariable">Reads an environment variable.</param>
    public StageContext(ProjectManifest manifest, StageArguments arguments, GitLabCiContext ci, StageConsole console, StageHandoff handoff, IServiceProvider services, MlOpsMode mode, TimeProvider timeProvider, Func<string, string?> getVariable)
    {
        GetVariable = getVariable ?? throw new ArgumentNullException(nameof(getVariable));
        Manifest = manifest ?? throw new ArgumentNullException(nameof(manifest));
        Arguments = arguments ?? throw new ArgumentNullException(nameof(arguments));
        Ci = ci ?? throw new ArgumentNullException(nameof(ci));
        Console = console ?? throw new ArgumentNullException(nameof(console));
        Handoff = handoff ?? throw new ArgumentNullException(nameof(handoff));
        Services = services ?? throw new ArgumentNullException(nameof(services));
        Mode = mode;
        TimeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
    }

    /// <summary>The project's <c>manifest.json</c> as read (empty when the project has none).</summary>
    public ProjectManifest Manifest { get; }

    /// <summary>The resolved options.</summary>
    public StageArguments Arguments { get; }

    /// <summary>The project's settings, typed and checked, as this stage's options override the manifest.</summary>
    /// <exception cref="MlOpsValidationException">A value breaks its rule; the message names it and where it came from.</exception>
    internal ManifestSettings Settings => _settings ??= ManifestSettings.Read(Arguments.Values);

    /// <summary>GitLab's variables.</summary>
    public GitLabCiContext Ci { get; }

    /// <summary>Where the stage prints.</summary>
    public StageConsole Console { get; }

    /// <summary>Results of earlier stages, and where this stage hands its own on.</summary>
    public StageHandoff Handoff { get; }

    /// <summary>The SDK's clients, registered for <see cref="Mode"/>.</summary>
    public IServiceProvider Services { get; }

    /// <summary>The mode in use.</summary>
    public MlOpsMode Mode { get; }

    /// <summary>The clock.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>Reads an environment variable (CI variables included).</summary>
    public Func<string, string?> GetVariable { get; }

    /// <summary>The project's folder (<c>--project-path</c>), absolute.</summary>
    public string ProjectPath => Path.GetFullPath(Arguments.Get(CommonStageOptions.ProjectPath.Name) ?? ".");

    /// <summary>The naming context of this run: kind from <c>--release-type</c> or GitLab's variables, commit, time, pipeline.</summary>
    /// <returns>The context.</returns>
    /// <exception cref="MlOpsValidationException">The release type, commit or time is missing or malformed.</exception>
    public ReleaseContext ReleaseContext()
    {
        var text = Arguments.Get(CommonStageOptions.ReleaseType.Name);
        ReleaseKind? kind = text?.ToLowerInvariant() switch
        {
            null or "" => null,
            "candidate" => ReleaseKind.Candidate,
            "stable" => ReleaseKind.Stable,
            _ => throw new MlOpsValidationException("--release-type", $"must be candidate or stable (got '{text}')"),
        };
        return Ci.ToReleaseContext(kind, TimeProvider);
    }

    /// <summary>The namer of this project (<c>--project</c>, else <c>CI_PROJECT_NAME</c>), lowercased.</summary>
    /// <returns>The namer.</returns>
    /// <exception cref="MlOpsValidationException">The project name is missing or breaks <see cref="ResourceNamer.ProjectRule"/>.</exception>
    public ResourceNamer Namer() =>
        new(Arguments.Require(CommonStageOptions.Project.Name, "it names every resource of the project").ToLowerInvariant());

    /// <summary>Resolves a path option against the project's folder.</summary>
    /// <param name="path">A path, absolute or relative to <see cref="ProjectPath"/>.</param>
    /// <returns>The absolute path.</returns>
    public string ResolvePath(string path) => Path.GetFullPath(path, ProjectPath);

    /// <summary>A path as later jobs can use it: relative to the project's folder when inside it (jobs run in different folders), else absolute.</summary>
    /// <param name="fullPath">An absolute path.</param>
    /// <returns>The path to hand on.</returns>
    public string ToHandoffPath(string fullPath)
    {
        var relative = Path.GetRelativePath(ProjectPath, fullPath);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? fullPath : relative.Replace(Path.DirectorySeparatorChar, '/');
    }
}
