using System.Globalization;

namespace MlOps.Sdk.Naming;

/// <summary>
/// What identifies one pipeline run for naming: release kind, merge request, commit, time and pipeline.
/// Every name and tag the SDK derives comes from it, so all jobs of one pipeline agree on them.
/// </summary>
public sealed class ReleaseContext
{
    private ReleaseContext(ReleaseKind kind, int? mergeRequestIid, string commitId, DateTimeOffset timestamp, long? pipelineId, string? pipelineUrl)
    {
        if (pipelineId is < 1)
        {
            throw new MlOpsValidationException("PipelineId", "must be a positive whole number (CI_PIPELINE_ID)");
        }

        if (pipelineUrl is not null && !Uri.TryCreate(pipelineUrl, UriKind.Absolute, out _))
        {
            throw new MlOpsValidationException("PipelineUrl", "must be an absolute URL (CI_PIPELINE_URL)");
        }

        Kind = kind;
        MergeRequestIid = mergeRequestIid;
        CommitId = Naming.CommitId.Validate(commitId, "CommitId");
        ReleaseName = kind == ReleaseKind.Candidate
            ? ReleaseName.Candidate(mergeRequestIid!.Value, commitId, timestamp)
            : ReleaseName.Stable(timestamp);
        Timestamp = ReleaseName.Timestamp;
        PipelineId = pipelineId;
        PipelineUrl = pipelineUrl;
    }

    /// <summary>Candidate (merge request) or stable (default branch).</summary>
    public ReleaseKind Kind { get; }

    /// <summary>The merge request IID of a candidate (the release name's <c>PR_ID</c>); <see langword="null"/> when stable.</summary>
    public int? MergeRequestIid { get; }

    /// <summary>The 8-character lowercase short commit SHA.</summary>
    public string CommitId { get; }

    /// <summary>The release instant, UTC, whole seconds.</summary>
    public DateTimeOffset Timestamp { get; }

    /// <summary>The GitLab pipeline id, when known.</summary>
    public long? PipelineId { get; }

    /// <summary>The GitLab pipeline URL, when known.</summary>
    public string? PipelineUrl { get; }

    /// <summary>The release zip's file name for this run.</summary>
    public ReleaseName ReleaseName { get; }

    /// <summary>Creates the context of a merge-request (candidate) pipeline.</summary>
    /// <param name="mergeRequestIid">The merge request IID, 1 or more.</param>
    /// <param name="commitId">The 8-character lowercase short commit SHA.</param>
    /// <param name="timestamp">The release instant (truncated to UTC seconds).</param>
    /// <param name="pipelineId">The pipeline id, when known.</param>
    /// <param name="pipelineUrl">The pipeline URL, when known.</param>
    /// <returns>The context.</returns>
    /// <exception cref="MlOpsValidationException">An argument breaks its rule.</exception>
    public static ReleaseContext Candidate(int mergeRequestIid, string commitId, DateTimeOffset timestamp, long? pipelineId = null, string? pipelineUrl = null)
    {
        if (mergeRequestIid < 1)
        {
            throw new MlOpsValidationException("MergeRequestIid", "must be a positive whole number (CI_MERGE_REQUEST_IID)");
        }

        return new ReleaseContext(ReleaseKind.Candidate, mergeRequestIid, commitId, timestamp, pipelineId, pipelineUrl);
    }

    /// <summary>Creates the context of a default-branch (stable) pipeline.</summary>
    /// <param name="commitId">The 8-character lowercase short commit SHA.</param>
    /// <param name="timestamp">The release instant (truncated to UTC seconds).</param>
    /// <param name="pipelineId">The pipeline id, when known.</param>
    /// <param name="pipelineUrl">The pipeline URL, when known.</param>
    /// <returns>The context.</returns>
    /// <exception cref="MlOpsValidationException">An argument breaks its rule.</exception>
    public static ReleaseContext Stable(string commitId, DateTimeOffset timestamp, long? pipelineId = null, string? pipelineUrl = null) =>
        new(ReleaseKind.Stable, null, commitId, timestamp, pipelineId, pipelineUrl);

    /// <summary>
    /// Reads the context from GitLab CI's predefined variables: a merge-request pipeline
    /// (<c>CI_PIPELINE_SOURCE=merge_request_event</c>) is a candidate for <c>CI_MERGE_REQUEST_IID</c>, any other is stable.
    /// The commit is <c>CI_COMMIT_SHORT_SHA</c> (or <c>CI_COMMIT_SHA</c> shortened), the time is <c>CI_PIPELINE_CREATED_AT</c>
    /// so every job of one pipeline derives the same names, falling back to <paramref name="timeProvider"/>.
    /// </summary>
    /// <param name="getVariable">Reads a variable, such as <see cref="Environment.GetEnvironmentVariable(string)"/>.</param>
    /// <param name="timeProvider">The clock used when <c>CI_PIPELINE_CREATED_AT</c> is not set; defaults to the system clock.</param>
    /// <returns>The context.</returns>
    /// <exception cref="MlOpsValidationException">A variable is missing or malformed; the error names it.</exception>
    public static ReleaseContext FromGitLabCi(Func<string, string?> getVariable, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        var shortSha = getVariable("CI_COMMIT_SHORT_SHA");
        var commitId = !string.IsNullOrEmpty(shortSha)
            ? Naming.CommitId.Validate(shortSha, "CI_COMMIT_SHORT_SHA")
            : Naming.CommitId.Shorten(getVariable("CI_COMMIT_SHA"), "CI_COMMIT_SHA");

        var createdAt = getVariable("CI_PIPELINE_CREATED_AT");
        DateTimeOffset timestamp;
        if (string.IsNullOrEmpty(createdAt))
        {
            timestamp = (timeProvider ?? TimeProvider.System).GetUtcNow();
        }
        else if (!DateTimeOffset.TryParse(createdAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out timestamp))
        {
            throw new MlOpsValidationException("CI_PIPELINE_CREATED_AT", "must be an ISO 8601 timestamp such as 2026-11-27T10:55:00Z");
        }

        long? pipelineId = null;
        var pipelineIdText = getVariable("CI_PIPELINE_ID");
        if (!string.IsNullOrEmpty(pipelineIdText))
        {
            pipelineId = long.TryParse(pipelineIdText, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
                ? id
                : throw new MlOpsValidationException("CI_PIPELINE_ID", "must be a positive whole number");
        }

        var pipelineUrl = getVariable("CI_PIPELINE_URL");
        pipelineUrl = string.IsNullOrEmpty(pipelineUrl) ? null : pipelineUrl;

        if (getVariable("CI_PIPELINE_SOURCE") != "merge_request_event")
        {
            return Stable(commitId, timestamp, pipelineId, pipelineUrl);
        }

        var iidText = getVariable("CI_MERGE_REQUEST_IID");
        if (!int.TryParse(iidText, NumberStyles.None, CultureInfo.InvariantCulture, out var iid) || iid < 1)
        {
            throw new MlOpsValidationException("CI_MERGE_REQUEST_IID", "must be a positive whole number in a merge-request pipeline");
        }

        return Candidate(iid, commitId, timestamp, pipelineId, pipelineUrl);
    }
}
