using System.Text.RegularExpressions;
using System.Xml.Linq;
using MlOps.Sdk.SageMaker;

namespace MlOps.Pipeline.Tests.Sample;

/// <summary>The generated .gitlab-ci.yml files run for real by gitlab-ci-local, in local mode, as main and as merge request !7 from feat/x.</summary>
[Collection(SamplePipelineCollection.Name)]
public sealed class GitLabCiLocalTests(TrainedModelFixture trained) : IClassFixture<TrainedModelFixture>
{
    [Fact]
    public void TrainingPipeline_DefaultBranch_RunsStableJobsAndReleasesStableZip()
    {
        Assert.True(trained.TrainingOnMain!.ExitCode == 0, trained.TrainingOnMain.Output);
        Assert.Equal(["build", "cleanup", "package", "register", "release", "train", "validate"], trained.TrainingOnMainJobs);
        var zip = Assert.Single(trained.TrainingOnMainZips);
        Assert.Matches(new Regex(@"^stable-\d{8}T\d{6}Z\.zip$"), Path.GetFileName(zip));
        var manifest = ReleaseZip.VerifiedManifest(zip);
        Assert.Equal("stable", manifest.GetProperty("releaseKind").GetString());
        Assert.Contains("model/model.tar.gz", ReleaseZip.Entries(zip));
    }

    [Fact]
    public void TrainingPipeline_DefaultBranch_FirstJobBuildsTheStagesAndLaterJobsRunThemWithoutCompiling()
    {
        var output = trained.TrainingOnMain!.Output;

        Assert.True(trained.TrainingOnMain.ExitCode == 0, output);
        // The work tree keeps gitlab-ci-local's cache between test runs, so validate either builds the stages or finds
        // that the cached builds are of these very scripts and packages.
        Assert.Matches(new Regex("stage.sh: (built ci/train.cs|.mlops/stages holds builds of these very .*: nothing to build)"), output);
        Assert.DoesNotContain("stage.sh: no current build", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TrainingPipeline_MergeRequest_RegistersPendingCandidateAndReleasesCandidateZip()
    {
        var training = new GitLabCiLocal("breast-cancer-training", trained.Home);
        await training.PrepareAsync("feat/x");
        var sha = (await training.HeadAsync())[..8];

        var result = await training.RunAsync(mergeRequest: true);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Equal(["build", "package", "register", "release", "report", "train", "validate"], training.JobsThatRan());
        var zip = Assert.Single(training.Zips("candidate-PR-7-*.zip"));
        Assert.Matches(new Regex($@"^candidate-PR-7-{sha}-\d{{8}}T\d{{6}}Z\.zip$"), Path.GetFileName(zip));
        var manifest = ReleaseZip.VerifiedManifest(zip);
        Assert.Equal(7, manifest.GetProperty("pullRequestId").GetInt32());
        await using var state = new LocalState(trained.Home);
        Assert.Contains(await state.VersionsAsync("breast-cancer-training-models"), v => v.ApprovalStatus == ModelApprovalStatus.PendingManualApproval);
    }

    [Fact]
    public async Task EndpointPipeline_MergeRequest_DeploysTestsReviewsAndReleasesCandidate()
    {
        var endpoint = new GitLabCiLocal("breast-cancer-endpoint", trained.Home);
        await endpoint.PrepareAsync("feat/x");

        var result = await endpoint.RunAsync(mergeRequest: true);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Equal(["build", "deploy-candidate", "package", "release", "report", "test-candidate", "validate"], endpoint.JobsThatRan());
        var zip = Assert.Single(endpoint.Zips("candidate-PR-7-*.zip"));
        ReleaseZip.VerifiedManifest(zip);
        Assert.Contains("deploy/endpoint.json", ReleaseZip.Entries(zip));
        Assert.Contains("docs/report.md", ReleaseZip.Entries(zip));
        await using var state = new LocalState(trained.Home);
        var deployed = await state.Endpoints.GetEndpointAsync("breast-cancer-endpoint-candidate-mr7");
        Assert.Equal(EndpointStatus.InService, deployed!.Status);
        AssertReportsAmongArtifacts(endpoint, result);
    }

    // The reports GitLab shows in the merge request (artifacts:reports) are also artifacts:paths, so gitlab-ci-local,
    // which keeps only paths, holds them too.
    private static void AssertReportsAmongArtifacts(GitLabCiLocal endpoint, ProcessResult result)
    {
        var junit = endpoint.Artifact("test-candidate", ".mlops/endpoint-tests.junit.xml");
        Assert.True(junit is not null, result.Output);
        var suite = XDocument.Load(junit).Root!.Element("testsuite")!;
        Assert.Equal("0", (string)suite.Attribute("failures")!);
        Assert.Contains(suite.Elements("testcase"), c => ((string)c.Attribute("name")!).StartsWith("accuracy on ", StringComparison.Ordinal));
        var metrics = endpoint.Artifact("report", ".mlops/metrics.txt");
        Assert.True(metrics is not null, result.Output);
        Assert.Contains(File.ReadAllLines(metrics), l => l.StartsWith("validation:auc ", StringComparison.Ordinal));
        var review = endpoint.Artifact("report", ".mlops/report.md");
        Assert.True(review is not null, result.Output);
        Assert.Contains("### Endpoint tests on breast-cancer-endpoint-candidate-mr7", File.ReadAllText(review), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EndpointPipeline_DefaultBranch_DeploysProductionAndReleasesStable()
    {
        var endpoint = new GitLabCiLocal("breast-cancer-endpoint", trained.Home);
        await endpoint.PrepareAsync("main");

        var result = await endpoint.RunAsync(mergeRequest: false);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Equal(["build", "cleanup", "deploy-production", "package", "release", "test-production", "validate"], endpoint.JobsThatRan());
        var zip = Assert.Single(endpoint.Zips("stable-*.zip"));
        ReleaseZip.VerifiedManifest(zip);
    }

    [Fact]
    public async Task EndpointPipeline_FailingEndpointTest_StopsRelease()
    {
        var lines = await File.ReadAllLinesAsync(Path.Combine(RepositoryPaths.Samples, "breast-cancer-endpoint", "test-data", "validation.csv"));
        var flipped = string.Join('\n', [lines[0], .. lines.Skip(1).Where(l => l.Length > 0).Select(l => l[..^1] + (l[^1] == '0' ? "1" : "0"))]) + "\n";
        var endpoint = new GitLabCiLocal("breast-cancer-endpoint", trained.Home);
        await endpoint.PrepareAsync("feat/x", new Dictionary<string, string> { ["test-data/flipped.csv"] = flipped });

        var result = await endpoint.RunAsync(mergeRequest: true, ("MLOPS_TEST_DATA", "test-data/flipped.csv"));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("is below the minimum", result.Output, StringComparison.Ordinal);
        var ran = endpoint.JobsThatRan();
        Assert.Contains("test-candidate", ran);
        Assert.DoesNotContain("package", ran);
        Assert.DoesNotContain("release", ran);
        Assert.Empty(endpoint.Zips("*.zip"));
    }
}
