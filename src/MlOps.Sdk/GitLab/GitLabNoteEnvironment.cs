using System.Diagnostics.CodeAnalysis;

namespace MlOps.Sdk.GitLab;

/// <summary>
/// What the CI environment says about posting the report as a merge-request note: the settings and the merge request,
/// or, when something is missing, why not (the stage then keeps the report as a job artifact only).
/// </summary>
public sealed class GitLabNoteEnvironment
{
    private GitLabNoteEnvironment(GitLabNoteSettings? settings, string? projectId, int mergeRequestIid, string? notConfiguredReason)
    {
        Settings = settings;
        ProjectId = projectId;
        MergeRequestIid = mergeRequestIid;
        NotConfiguredReason = notConfiguredReason;
    }

    /// <summary>Everything needed to write the note is there.</summary>
    [MemberNotNullWhen(true, nameof(Settings), nameof(ProjectId))]
    [MemberNotNullWhen(false, nameof(NotConfiguredReason))]
    public bool IsConfigured => Settings is not null;

    /// <summary>The API root and token, when configured.</summary>
    public GitLabNoteSettings? Settings { get; }

    /// <summary>The project the merge request belongs to (numeric id or <c>group/project</c> path), when configured.</summary>
    public string? ProjectId { get; }

    /// <summary>The merge request's iid within its project, when configured; 0 otherwise.</summary>
    public int MergeRequestIid { get; }

    /// <summary>Why the note cannot be written (every missing or malformed variable, by name), when not configured.</summary>
    public string? NotConfiguredReason { get; }

    internal static GitLabNoteEnvironment Configured(GitLabNoteSettings settings, string projectId, int mergeRequestIid) =>
        new(settings, projectId, mergeRequestIid, null);

    internal static GitLabNoteEnvironment NotConfigured(string reason) => new(null, null, 0, reason);
}
