namespace MlOps.Sdk.Stages;

/// <summary>One stage of a pipeline that <see cref="PipelineRunner"/> runs in one process: the stage, the project folder it works in, and its own arguments.</summary>
public sealed class PipelineStep
{
    /// <summary>Creates a step.</summary>
    /// <param name="stage">The stage.</param>
    /// <param name="projectPath">The project's folder, absolute or relative to the current folder; the stage gets it as <c>--project-path</c>.</param>
    /// <param name="arguments">The stage's own arguments, as its script would take them.</param>
    public PipelineStep(IStage stage, string projectPath, params IReadOnlyList<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(stage);
        ArgumentException.ThrowIfNullOrWhiteSpace(projectPath);
        ArgumentNullException.ThrowIfNull(arguments);
        Stage = stage;
        ProjectPath = projectPath;
        Arguments = arguments;
    }

    /// <summary>The stage.</summary>
    public IStage Stage { get; }

    /// <summary>The project's folder, as given.</summary>
    public string ProjectPath { get; }

    /// <summary>The stage's own arguments.</summary>
    public IReadOnlyList<string> Arguments { get; }

    /// <summary>
    /// The project's name, the folder's name: what <c>CI_PROJECT_NAME</c> is in the project's own GitLab pipeline
    /// (a repository per project), so resources get the same names either way.
    /// </summary>
    public string ProjectName => Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(ProjectPath)));

    /// <summary>How the step is shown: <c>[breast-cancer-training] train</c>.</summary>
    /// <returns>The title.</returns>
    public override string ToString() => $"[{ProjectName}] {Stage.Name}";
}
