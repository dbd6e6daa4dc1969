using Microsoft.Extensions.Time.Testing;
using MlOps.Sdk.Naming;

namespace MlOps.Sdk.Tests.Naming;

public class ReleaseContextTests
{
    private static Func<string, string?> Variables(params (string Name, string Value)[] variables)
    {
        var map = variables.ToDictionary(v => v.Name, v => v.Value);
        return name => map.GetValueOrDefault(name);
    }

    [Fact]
    public void FromGitLabCi_MergeRequestPipeline_IsCandidateOfItsMergeRequest()
    {
        var context = ReleaseContext.FromGitLabCi(Variables(
            ("CI_PIPELINE_SOURCE", "merge_request_event"),
            ("CI_MERGE_REQUEST_IID", "7"),
            ("CI_COMMIT_SHORT_SHA", "1a2b3c4d"),
            ("CI_PIPELINE_CREATED_AT", "2026-11-27T10:55:00Z"),
            ("CI_PIPELINE_ID", "991"),
            ("CI_PIPELINE_URL", "https://gitlab.example/p/-/pipelines/991")));

        Assert.Equal("candidate-PR-7-1a2b3c4d-20261127T105500Z.zip", context.ReleaseName.FileName);
        Assert.Equal(991, context.PipelineId);
        Assert.Equal("https://gitlab.example/p/-/pipelines/991", context.PipelineUrl);
    }

    [Fact]
    public void FromGitLabCi_BranchPipelineWithFullSha_IsStableWithShortCommit()
    {
        var context = ReleaseContext.FromGitLabCi(Variables(
            ("CI_PIPELINE_SOURCE", "push"),
            ("CI_COMMIT_SHA", "1A2B3C4D5E6F77889900AABBCCDDEEFF00112233"),
            ("CI_PIPELINE_CREATED_AT", "2026-11-27T10:55:00Z")));

        Assert.Equal(ReleaseKind.Stable, context.Kind);
        Assert.Equal("1a2b3c4d", context.CommitId);
        Assert.Equal("stable-20261127T105500Z.zip", context.ReleaseName.FileName);
    }

    [Fact]
    public void FromGitLabCi_NoCreatedAt_UsesTheClock()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));

        var context = ReleaseContext.FromGitLabCi(Variables(("CI_COMMIT_SHORT_SHA", "1a2b3c4d")), clock);

        Assert.Equal(clock.GetUtcNow(), context.Timestamp);
    }

    [Fact]
    public void FromGitLabCi_MergeRequestWithoutIid_FailsNamingTheVariable()
    {
        var error = Assert.Throws<MlOpsValidationException>(() => ReleaseContext.FromGitLabCi(Variables(
            ("CI_PIPELINE_SOURCE", "merge_request_event"),
            ("CI_COMMIT_SHORT_SHA", "1a2b3c4d"))));

        Assert.Equal("CI_MERGE_REQUEST_IID", error.FieldName);
    }

    [Fact]
    public void FromGitLabCi_NonHexShortSha_FailsNamingTheVariable()
    {
        var error = Assert.Throws<MlOpsValidationException>(() => ReleaseContext.FromGitLabCi(Variables(("CI_COMMIT_SHORT_SHA", "zzzzzzzz"))));

        Assert.Equal("CI_COMMIT_SHORT_SHA", error.FieldName);
    }

    [Fact]
    public void FromGitLabCi_NoCommit_FailsNamingCommitSha()
    {
        var error = Assert.Throws<MlOpsValidationException>(() => ReleaseContext.FromGitLabCi(Variables()));

        Assert.Equal("CI_COMMIT_SHA", error.FieldName);
    }

    [Fact]
    public void Candidate_NegativeMergeRequest_FailsNamingMergeRequestIid()
    {
        var error = Assert.Throws<MlOpsValidationException>(() => ReleaseContext.Candidate(-1, "1a2b3c4d", DateTimeOffset.UnixEpoch.AddYears(20)));

        Assert.Equal("MergeRequestIid", error.FieldName);
    }
}
