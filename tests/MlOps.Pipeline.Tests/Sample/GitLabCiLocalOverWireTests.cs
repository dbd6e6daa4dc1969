using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using MlOps.Sdk.SageMaker;
using Xunit.Abstractions;

namespace MlOps.Pipeline.Tests.Sample;

/// <summary>
/// The generated projects' own .gitlab-ci.yml files in AWS mode, run by gitlab-ci-local against
/// <c>mlops-local serve</c> (<see cref="OverWireFixture"/>): the CI/CD variables tofu's ci_variables gives a real
/// project, the id token as the variable GitLab's id_tokens would set (gitlab-ci-local ignores id_tokens), no AWS keys
/// anywhere, so every job that calls AWS signs in with the templates' own before_script (MLOPS_ID_TOKEN into
/// AWS_WEB_IDENTITY_TOKEN_FILE) through STS AssumeRoleWithWebIdentity, as the role its tier's workflow:rules pick.
/// The container job (build-image: buildah) cannot run here: the fixture does what it does and hands its URI on.
/// </summary>
[Collection(SamplePipelineCollection.Name)]
public sealed class GitLabCiLocalOverWireTests(OverWireFixture wire, ITestOutputHelper output) : IClassFixture<OverWireFixture>
{
    [Fact]
    public async Task TrainingPipeline_MergeRequestInAwsMode_SignsInThroughStsAndReleasesCandidate()
    {
        var project = await wire.PrepareAsync("breast-cancer-training", mergeRequest: true);

        var run = await wire.RunAsync(project, "validate", "build", "train", "register", "report", "package", "release");

        AssertPassed(run, ["build", "package", "register", "release", "report", "train", "validate"]);
        Assert.Contains("MlOps.Sdk train — mode: aws (region us-east-1)", run.Result.Output, StringComparison.Ordinal);
        Assert.Contains($"image: {project.Image}", run.Result.Output, StringComparison.Ordinal);
        // train, register, report and package call AWS (validate, build and release do not).
        AssertSignedInAs(run, OverWireFixture.CandidateRole, atLeast: 4);

        var zip = Assert.Single(project.GitLab.Zips("candidate-PR-7-*.zip"));
        Assert.Matches(new Regex($@"^candidate-PR-7-{project.Sha}-\d{{8}}T\d{{6}}Z\.zip$"), Path.GetFileName(zip));
        Assert.Equal(7, ReleaseZip.VerifiedManifest(zip).GetProperty("pullRequestId").GetInt32());
        Assert.Contains("model/model.tar.gz", ReleaseZip.Entries(zip));

        // The model package the register job created through the server is in its state (local mode's home).
        await using var state = new LocalState(wire.Home);
        Assert.Contains(await state.VersionsAsync(OverWireFixture.ModelPackageGroup), v => v.ApprovalStatus == ModelApprovalStatus.PendingManualApproval);
    }

    [Fact]
    public async Task TrainingPipeline_DefaultBranchInAwsMode_GateApprovesVersionAndReleasesStableZip()
    {
        var run = await wire.TrainingOnMainAsync();

        AssertPassed(run, ["build", "cleanup", "package", "register", "release", "train", "validate"]);
        Assert.Contains("MlOps.Sdk register — mode: aws (region us-east-1)", run.Result.Output, StringComparison.Ordinal);
        Assert.Contains("gate: approved: Metric gate approved: validation:auc", run.Result.Output, StringComparison.Ordinal);
        Assert.Contains("approval status: Approved", run.Result.Output, StringComparison.Ordinal);
        // train, register, package and cleanup call AWS, as the production role.
        AssertSignedInAs(run, OverWireFixture.ProductionRole, atLeast: 4);

        var zip = Assert.Single(run.Project.GitLab.Zips("stable-*.zip"));
        Assert.Matches(new Regex(@"^stable-\d{8}T\d{6}Z\.zip$"), Path.GetFileName(zip));
        var manifest = ReleaseZip.VerifiedManifest(zip);
        Assert.Equal("stable", manifest.GetProperty("releaseKind").GetString());
        Assert.Contains("model/model.tar.gz", ReleaseZip.Entries(zip));

        // The version in the zip is the one the gate approved in the server's state.
        await using var state = new LocalState(wire.Home);
        var approved = await state.Registry.GetLatestApprovedVersionAsync(OverWireFixture.ModelPackageGroup);
        Assert.NotNull(approved);
        Assert.Equal(approved.Arn, manifest.GetProperty("modelPackageArn").GetString());
    }

    [Fact]
    public async Task EndpointPipeline_MergeRequestInAwsMode_DeploysApprovedModelToCandidateTestsAndReleasesIt()
    {
        var training = await wire.TrainingOnMainAsync();
        var run = await wire.EndpointMergeRequestAsync();

        AssertPassed(run, ["build", "deploy-candidate", "package", "release", "report", "test-candidate", "validate"]);
        // deploy-candidate, test-candidate, report and package call AWS, as the candidate role.
        AssertSignedInAs(run, OverWireFixture.CandidateRole, atLeast: 4);
        Assert.Equal(EndpointStatus.InService, run.Endpoint?.Status);
        var approved = AssertDeployedApprovedVersion(training, run);
        AssertTestedThroughRuntime(run, "test-candidate");

        var zip = Assert.Single(run.Project.GitLab.Zips("candidate-PR-7-*.zip"));
        Assert.Matches(new Regex($@"^candidate-PR-7-{run.Project.Sha}-\d{{8}}T\d{{6}}Z\.zip$"), Path.GetFileName(zip));
        var manifest = ReleaseZip.VerifiedManifest(zip);
        Assert.Equal(approved, manifest.GetProperty("modelPackageArn").GetString());
        Assert.Contains("deploy/endpoint.json", ReleaseZip.Entries(zip));
    }

    [Fact]
    public async Task EndpointPipeline_StopCandidateInAwsMode_DeletesCandidateEndpoint()
    {
        var deployed = await wire.EndpointMergeRequestAsync();
        Assert.Equal(EndpointStatus.InService, deployed.Endpoint?.Status);

        // The environment's on_stop job, as closing the merge request (or auto_stop_in) runs it.
        var run = await wire.RunAsync(deployed.Project, "stop-candidate");

        AssertPassed(run, ["stop-candidate"]);
        Assert.Contains($"candidate endpoint: {OverWireFixture.CandidateEndpoint} deleted", run.Result.Output, StringComparison.Ordinal);
        AssertSignedInAs(run, OverWireFixture.CandidateRole, atLeast: 1);
        Assert.Matches(new Regex(@"\bSageMaker\.DeleteEndpoint -> 200\b"), run.ServerLog);
        await using var state = new LocalState(wire.Home);
        Assert.Null(await state.Endpoints.GetEndpointAsync(OverWireFixture.CandidateEndpoint));
    }

    [Fact]
    public async Task EndpointPipeline_DefaultBranchInAwsMode_DeploysApprovedModelToProductionInService()
    {
        var training = await wire.TrainingOnMainAsync();
        var run = await wire.EndpointOnMainAsync();

        AssertPassed(run, ["build", "cleanup", "deploy-production", "package", "release", "test-production", "validate"]);
        // deploy-production, test-production, package and cleanup call AWS, as the production role.
        AssertSignedInAs(run, OverWireFixture.ProductionRole, atLeast: 4);

        // The production endpoint is InService on the configuration deploy-production created and handed on.
        var approved = AssertDeployedApprovedVersion(training, run);
        var deployed = DeployDescription(run);
        Assert.Equal(OverWireFixture.ProductionEndpoint, deployed.GetProperty("endpointName").GetString());
        Assert.Equal(approved, deployed.GetProperty("modelPackageArn").GetString());
        Assert.Equal(EndpointStatus.InService, run.Endpoint?.Status);
        Assert.Equal(deployed.GetProperty("endpointConfigName").GetString(), run.Endpoint!.EndpointConfigName);
        // Every case passed, so test-production rolled nothing back.
        AssertTestedThroughRuntime(run, "test-production");
    }

    [Fact]
    public async Task EndpointPipeline_DefaultBranchInAwsMode_ReleasesVerifiedStableZipOfDeployedVersion()
    {
        var run = await wire.EndpointOnMainAsync();
        Assert.True(run.Result.ExitCode == 0, run.Result.Output);

        var zip = Assert.Single(run.Zips("stable-*.zip"));
        Assert.Matches(new Regex(@"^stable-\d{8}T\d{6}Z\.zip$"), Path.GetFileName(zip));
        var manifest = ReleaseZip.VerifiedManifest(zip);
        Assert.Equal("stable", manifest.GetProperty("releaseKind").GetString());
        Assert.Equal(DeployDescription(run).GetProperty("modelPackageArn").GetString(), manifest.GetProperty("modelPackageArn").GetString());
        Assert.Contains("deploy/endpoint.json", ReleaseZip.Entries(zip));
    }

    [Fact]
    public async Task EndpointPipeline_SecondDefaultBranchPipelineInAwsMode_UpdatesProductionBlueGreenAndKeepsItInService()
    {
        var first = await wire.EndpointOnMainAsync();
        var second = await wire.EndpointOnMainAgainAsync();

        AssertPassed(second, ["build", "cleanup", "deploy-production", "package", "release", "test-production", "validate"]);
        AssertSignedInAs(second, OverWireFixture.ProductionRole, atLeast: 4);
        Assert.NotEqual(first.Project.Sha, second.Project.Sha);
        Assert.Contains($"image: {second.Project.Image}", second.Result.Output, StringComparison.Ordinal);

        // The new commit's image makes a new endpoint configuration; deploy-production updated the same endpoint onto it
        // and handed the old one on as the configuration a failing test-production would roll back to.
        var oldConfig = first.Endpoint!.EndpointConfigName;
        var deployed = DeployDescription(second);
        var newConfig = deployed.GetProperty("endpointConfigName").GetString();
        Assert.NotNull(oldConfig);
        Assert.NotEqual(oldConfig, newConfig);
        Assert.Equal(oldConfig, deployed.GetProperty("previousEndpointConfigName").GetString());
        Assert.Contains($"blue/green: from {oldConfig} to {newConfig}", second.Result.Output, StringComparison.Ordinal);
        Assert.Matches(new Regex(@"\bSageMaker\.UpdateEndpoint -> 200\b"), second.ServerLog);
        Assert.DoesNotMatch(new Regex(@"\bSageMaker\.CreateEndpoint -> "), second.ServerLog);

        Assert.Equal(OverWireFixture.ProductionEndpoint, second.Endpoint?.Name);
        Assert.Equal(first.Endpoint.Arn, second.Endpoint!.Arn);
        Assert.Equal(EndpointStatus.InService, second.Endpoint.Status);
        Assert.Equal(newConfig, second.Endpoint.EndpointConfigName);
        AssertTestedThroughRuntime(second, "test-production");
        ReleaseZip.VerifiedManifest(Assert.Single(second.Zips("stable-*.zip")));
    }

    // deploy-production's description of what it deployed (.mlops/release-input/deploy/endpoint.json, its artifact).
    private static JsonElement DeployDescription(WirePipelineRun run)
    {
        var path = run.Artifact("deploy-production", ".mlops/release-input/deploy/endpoint.json");
        Assert.True(path is not null, run.Result.Output);
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.Clone();
    }

    // The deploy job, in AWS mode, served the version the training project's default-branch pipeline approved with
    // this commit's image; returns that version's ARN.
    private static string AssertDeployedApprovedVersion(WirePipelineRun training, WirePipelineRun run)
    {
        var approved = ReleaseZip.VerifiedManifest(Assert.Single(training.Zips("stable-*.zip"))).GetProperty("modelPackageArn").GetString()!;
        Assert.Contains("MlOps.Sdk deploy — mode: aws (region us-east-1)", run.Result.Output, StringComparison.Ordinal);
        Assert.Contains($"model package: {approved} (Approved)", run.Result.Output, StringComparison.Ordinal);
        Assert.Contains($"image: {run.Project.Image}", run.Result.Output, StringComparison.Ordinal);
        return approved;
    }

    // The test job invoked the endpoint through the server's runtime, and its JUnit report has no failure.
    private static void AssertTestedThroughRuntime(WirePipelineRun run, string job)
    {
        Assert.Matches(new Regex(@"\bInvokeEndpoint -> 200\b"), run.ServerLog);
        var junit = run.Artifact(job, ".mlops/endpoint-tests.junit.xml");
        Assert.True(junit is not null, run.Result.Output);
        Assert.Equal("0", (string)XDocument.Load(junit).Root!.Element("testsuite")!.Attribute("failures")!);
    }

    private void AssertPassed(WirePipelineRun run, string[] jobs)
    {
        output.WriteLine($"{run.Project.Project} on {run.Project.Branch}, jobs {string.Join(' ', jobs)}: {run.Elapsed.TotalSeconds:0.0} s");
        Assert.True(run.Result.ExitCode == 0, run.Result.Output);
        Assert.Equal(jobs, run.Jobs);
        Assert.DoesNotContain("mode: local", run.Result.Output, StringComparison.Ordinal);
        Assert.True(run.Elapsed < TimeSpan.FromMinutes(5), $"the pipeline took {run.Elapsed}");
    }

    // gitlab-ci-local, and so each job, had no key: the server answered an AssumeRoleWithWebIdentity for each job that
    // calls AWS, for the role the tier's workflow:rules chose, and refused none.
    private static void AssertSignedInAs(WirePipelineRun run, string role, int atLeast)
    {
        var signIns = Regex.Matches(run.ServerLog, @"\bSTS (?<request>.*?) -> (?<status>\d{3})\b").Select(m => (m.Groups["request"].Value, m.Groups["status"].Value)).ToList();
        Assert.True(signIns.Count >= atLeast, run.ServerLog);
        Assert.All(signIns, s => Assert.Equal(($"AssumeRoleWithWebIdentity {role}", "200"), s));
    }
}
