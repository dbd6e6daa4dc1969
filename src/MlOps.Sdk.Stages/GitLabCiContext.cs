using System.Globalization;
using MlOps.Sdk.Naming;

namespace MlOps.Sdk.Stages;

/// <summary>
/// The GitLab CI variables a stage needs, read once: which kind of pipeline this is (candidate or stable), the merge
/// request, the commit, the branch and the pipeline. Outside CI the same variables can be set by hand (the sample's
/// main job does), so a local run names its resources exactly as GitLab would.
/// </summary>
public sealed class GitLabCiContext
{
    /// <summary>The value of <c>CI_PIPELINE_SOURCE</c> in merge-request pipelines.</summary>
    public const string MergeRequestEventSource = "merge_request_event";

    private readonly Func<string, string?> _getVariable;

    private GitLabCiContext(Func<string, string?> getVariable)
    {
        _getVariable = getVariable;
        PipelineSource = Read("CI_PIPELINE_SOURCE");
        CommitSha = Read("CI_COMMIT_SHA");
        CommitShortSha = Read("CI_COMMIT_SHORT_SHA");
        CommitBranch = Read("CI_COMMIT_BRANCH");
        DefaultBranch = Read("CI_DEFAULT_BRANCH");
        PipelineUrl = Read("CI_PIPELINE_URL");
        ProjectDirectory = Read("CI_PROJECT_DIR");
        ProjectName = Read("CI_PROJECT_NAME");
        MergeRequestSourceBranch = Read("CI_MERGE_REQUEST_SOURCE_BRANCH_NAME");
        PipelineId = ReadPositiveNumber("CI_PIPELINE_ID", long.MaxValue);
        var iid = ReadPositiveNumber("CI_MERGE_REQUEST_IID", int.MaxValue);
        MergeRequestIid = iid is null ? null : checked((int)iid.Value);
    }

    /// <summary><c>CI_PIPELINE_SOURCE</c>: <c>merge_request_event</c>, <c>push</c>, <c>web</c>...; <see langword="null"/> outside CI.</summary>
    public string? PipelineSource { get; }

    /// <summary><c>CI_MERGE_REQUEST_IID</c>, in merge-request pipelines.</summary>
    public int? MergeRequestIid { get; }

    /// <summary><c>CI_MERGE_REQUEST_SOURCE_BRANCH_NAME</c>, in merge-request pipelines.</summary>
    public string? MergeRequestSourceBranch { get; }

    /// <summary><c>CI_COMMIT_SHA</c>: the full commit SHA.</summary>
    public string? CommitSha { get; }

    /// <summary><c>CI_COMMIT_SHORT_SHA</c>: the 8-character commit SHA.</summary>
    public string? CommitShortSha { get; }

    /// <summary><c>CI_COMMIT_BRANCH</c>: the branch of a branch pipeline (GitLab leaves it unset in merge-request pipelines).</summary>
    public string? CommitBranch { get; }

    /// <summary><c>CI_DEFAULT_BRANCH</c>: the project's default branch, such as <c>main</c>.</summary>
    public string? DefaultBranch { get; }

    /// <summary><c>CI_PIPELINE_ID</c>.</summary>
    public long? PipelineId { get; }

    /// <summary><c>CI_PIPELINE_URL</c>.</summary>
    public string? PipelineUrl { get; }

    /// <summary><c>CI_PROJECT_DIR</c>: where the job checked out the repository.</summary>
    public string? ProjectDirectory { get; }

    /// <summary><c>CI_PROJECT_NAME</c>: the project's path name in GitLab.</summary>
    public string? ProjectName { get; }

    /// <summary>A merge-request pipeline: it releases a candidate.</summary>
    public bool IsMergeRequest => PipelineSource == MergeRequestEventSource;

    /// <summary>A pipeline of the default branch: it releases stable.</summary>
    public bool IsDefaultBranch => !IsMergeRequest && CommitBranch is not null && CommitBranch == DefaultBranch;

    /// <summary>
    /// The release kind this pipeline produces: candidate for merge requests, stable on the default branch,
    /// <see langword="null"/> for any other pipeline (the template's <c>workflow:rules</c> never start those).
    /// </summary>
    public ReleaseKind? Kind => IsMergeRequest ? ReleaseKind.Candidate : IsDefaultBranch ? ReleaseKind.Stable : null;

    /// <summary>Reads the context from the process environment.</summary>
    /// <returns>The context.</returns>
    public static GitLabCiContext FromEnvironment() => FromVariables(Environment.GetEnvironmentVariable);

    /// <summary>Reads the context through <paramref name="getVariable"/>.</summary>
    /// <param name="getVariable">Reads one variable; returns <see langword="null"/> when it is not set.</param>
    /// <returns>The context.</returns>
    /// <exception cref="MlOpsValidationException">A numeric variable (<c>CI_PIPELINE_ID</c>, <c>CI_MERGE_REQUEST_IID</c>) is malformed.</exception>
    public static GitLabCiContext FromVariables(Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        return new GitLabCiContext(getVariable);
    }

    /// <summary>
    /// The naming context of this run. <paramref name="kind"/> overrides the kind GitLab implies (for runs by hand);
    /// without it, a pipeline that is neither a merge request nor the default branch is refused.
    /// </summary>
    /// <param name="kind">The release kind to use instead of <see cref="Kind"/>, if any.</param>
    /// <param name="timeProvider">The clock, when <c>CI_PIPELINE_CREATED_AT</c> is not set.</param>
    /// <returns>The context every name of this run derives from.</returns>
    /// <exception cref="MlOpsValidationException">The kind cannot be told, or a variable is missing or malformed.</exception>
    public ReleaseContext ToReleaseContext(ReleaseKind? kind, TimeProvider timeProvider)
    {
        var effective = kind ?? Kind ?? throw new MlOpsValidationException(
            "release-type",
            $"cannot be told from GitLab's variables (CI_PIPELINE_SOURCE='{PipelineSource}', CI_COMMIT_BRANCH='{CommitBranch}', CI_DEFAULT_BRANCH='{DefaultBranch}'): run in a merge-request or default-branch pipeline, or pass --release-type candidate|stable");

        // ReleaseContext.FromGitLabCi is the one reader of commit, time and pipeline; only the source is steered here.
        var source = effective == ReleaseKind.Candidate ? MergeRequestEventSource : "push";
        return ReleaseContext.FromGitLabCi(name => name == "CI_PIPELINE_SOURCE" ? source : _getVariable(name), timeProvider);
    }

    private string? Read(string name)
    {
        var value = _getVariable(name);
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    private long? ReadPositiveNumber(string name, long maximum)
    {
        var text = Read(name);
        if (text is null)
        {
            return null;
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 && value <= maximum
            ? value
            : throw new MlOpsValidationException(name, $"must be a positive whole number (got '{text}')");
    }
}
