namespace MlOps.Sdk.Stages;

/// <summary>The options every stage takes, besides its own.</summary>
public static class CommonStageOptions
{
    /// <summary><c>--project</c>: the project's name in resource names (lowercase letters, digits, hyphens).</summary>
    public static readonly StageOption Project = StageOption.Create("project", "the project name used in resource names (lowercase letters, digits, hyphens)", null, "CI_PROJECT_NAME");

    /// <summary><c>--project-path</c>: the project's folder.</summary>
    public static readonly StageOption ProjectPath = StageOption.Create("project-path", "the project's folder (default: the current folder, where CI jobs start)", ".");

    /// <summary><c>--release-type</c>: candidate or stable, when GitLab's variables do not tell.</summary>
    public static readonly StageOption ReleaseType = StageOption.Create("release-type", "candidate or stable; by default told from GitLab's variables (merge request or default branch)");

    /// <summary><c>--dotenv</c>: the dotenv file results are handed on through.</summary>
    public static readonly StageOption DotEnv = StageOption.Create("dotenv", "the dotenv file results are handed on through (artifacts:reports:dotenv)", StageHandoff.DefaultDotEnvFileName);

    /// <summary><c>--state-file</c>: the JSON state file stages share.</summary>
    public static readonly StageOption StateFile = StageOption.Create("state-file", "the JSON file stages hand results on through", StageHandoff.DefaultStateFilePath);

    /// <summary>All common options.</summary>
    public static readonly IReadOnlyList<StageOption> All = [Project, ProjectPath, ReleaseType, DotEnv, StateFile];
}
