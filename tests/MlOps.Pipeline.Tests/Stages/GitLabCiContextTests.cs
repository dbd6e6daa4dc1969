using MlOps.Sdk;
using MlOps.Sdk.Naming;
using MlOps.Sdk.Stages;

namespace MlOps.Pipeline.Tests.Stages;

public class GitLabCiContextTests
{
    private static readonly TimeProvider Clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 10, 55, 0, TimeSpan.Zero));

    private static GitLabCiContext From(params (string Name, string Value)[] variables)
    {
        var map = variables.ToDictionary(v => v.Name, v => v.Value);
        return GitLabCiContext.FromVariables(name => map.GetValueOrDefault(name));
    }

    [Fact]
    public void Kind_MergeRequestPipeline_IsCandidate()
    {
        var ci = From(("CI_PIPELINE_SOURCE", "merge_request_event"), ("CI_MERGE_REQUEST_IID", "7"));

        Assert.Equal(ReleaseKind.Candidate, ci.Kind);
        Assert.Equal(7, ci.MergeRequestIid);
    }

    [Fact]
    public void Kind_DefaultBranchPush_IsStable()
    {
        var ci = From(("CI_PIPELINE_SOURCE", "push"), ("CI_COMMIT_BRANCH", "main"), ("CI_DEFAULT_BRANCH", "main"));

        Assert.Equal(ReleaseKind.Stable, ci.Kind);
    }

    [Fact]
    public void Kind_OtherBranchPush_IsNone()
    {
        var ci = From(("CI_PIPELINE_SOURCE", "push"), ("CI_COMMIT_BRANCH", "feat/x"), ("CI_DEFAULT_BRANCH", "main"));

        Assert.Null(ci.Kind);
    }

    [Fact]
    public void ToReleaseContext_MergeRequest_NamesCandidateZip()
    {
        var ci = From(("CI_PIPELINE_SOURCE", "merge_request_event"), ("CI_MERGE_REQUEST_IID", "7"), ("CI_COMMIT_SHORT_SHA", "1a2b3c4d"), ("CI_PIPELINE_CREATED_AT", "2026-11-27T10:55:00Z"));

        var context = ci.ToReleaseContext(null, Clock);

        Assert.Equal("candidate-PR-7-1a2b3c4d-20261127T105500Z.zip", context.ReleaseName.FileName);
    }

    [Fact]
    public void ToReleaseContext_KindOverride_WinsOverVariables()
    {
        var ci = From(("CI_COMMIT_SHA", "1A2B3C4D5E6F"));

        var context = ci.ToReleaseContext(ReleaseKind.Stable, Clock);

        Assert.Equal("stable-20261127T105500Z.zip", context.ReleaseName.FileName);
    }

    [Fact]
    public void ToReleaseContext_NeitherMergeRequestNorDefaultBranch_FailsNamingReleaseType()
    {
        var ci = From(("CI_COMMIT_BRANCH", "feat/x"), ("CI_DEFAULT_BRANCH", "main"), ("CI_COMMIT_SHORT_SHA", "1a2b3c4d"));

        var error = Assert.Throws<MlOpsValidationException>(() => ci.ToReleaseContext(null, Clock));

        Assert.Equal("release-type", error.FieldName);
    }

    [Fact]
    public void FromVariables_MalformedIid_FailsNamingVariable()
    {
        var error = Assert.Throws<MlOpsValidationException>(() => From(("CI_MERGE_REQUEST_IID", "seven")));

        Assert.Equal("CI_MERGE_REQUEST_IID", error.FieldName);
    }
}
