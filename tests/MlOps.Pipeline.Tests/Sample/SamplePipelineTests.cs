using System.Text.Json;
using System.Text.RegularExpressions;
using MlOps.Sdk.SageMaker;

namespace MlOps.Pipeline.Tests.Sample;

/// <summary>The main job (samples/run-local.sh) end to end in local mode, as a merge request and as the default branch.</summary>
[Collection(SamplePipelineCollection.Name)]
public sealed class SamplePipelineTests : IAsyncLifetime
{
    private const string Commit = "0123abcd4567ef890123abcd4567ef890123abcd";
    private const string Group = "breast-cancer-training-models";
    private readonly SampleRunFolder _runs = new();

    private string Home => _runs.Home;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _runs.DisposeAsync();

    [Fact]
    public async Task RunLocal_Candidate_ReleasesCandidateZipFromPendingModel()
    {
        var result = await RunAsync("--mr", "7", "--commit", Commit);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.StartsWith("MlOps.Sdk build — mode: local (state in ", FirstStageLine(result.Output), StringComparison.Ordinal);
        var zip = Assert.Single(_runs.Zips());
        Assert.Matches(new Regex(@"^candidate-PR-7-0123abcd-\d{8}T\d{6}Z\.zip$"), Path.GetFileName(zip));
        Assert.Contains($"release zip: {zip}", result.Output, StringComparison.Ordinal);
        var manifest = ReleaseZip.VerifiedManifest(zip);
        Assert.Equal(7, manifest.GetProperty("pullRequestId").GetInt32());
        Assert.Equal("0123abcd", manifest.GetProperty("commit").GetString());
        var entries = ReleaseZip.Entries(zip);
        Assert.Contains("model/model.tar.gz", entries);
        Assert.Contains("model/model-package.json", entries);
        Assert.Contains("deploy/endpoint.json", entries);
        Assert.Contains("docs/RELEASE_NOTES.md", entries);
        Assert.Contains("source/manifest.json", entries);
        Assert.Contains(entries, e => e.StartsWith("source/src/BreastCancer.Endpoint.Server/", StringComparison.Ordinal));
        Assert.Contains("**First model**: nothing serves production yet", ReleaseZip.ReadText(zip, "docs/report.md"), StringComparison.Ordinal);
        Assert.Equal("ml.m5.large", manifest.GetProperty("costs").GetProperty("endpointInstanceType").GetString());
        Assert.True(manifest.GetProperty("costs").GetProperty("endpointUsdPerMonth").GetDouble() > 0);

        await using var state = new LocalState(Home);
        var version = Assert.Single(await state.VersionsAsync(Group));
        Assert.Equal(ModelApprovalStatus.PendingManualApproval, version.ApprovalStatus);
        Assert.Equal(version.Arn, manifest.GetProperty("modelPackageArn").GetString());
        await AssertRealPredictionsAsync(state, "breast-cancer-endpoint-candidate-mr7");
    }

    [Fact]
    public async Task RunLocal_Stable_GateApprovesAndReleasesStableZip()
    {
        var result = await RunAsync("--stable", "--commit", Commit);

        Assert.True(result.ExitCode == 0, result.Output);
        var zip = Assert.Single(_runs.Zips());
        Assert.Matches(new Regex(@"^stable-\d{8}T\d{6}Z\.zip$"), Path.GetFileName(zip));
        var manifest = ReleaseZip.VerifiedManifest(zip);
        Assert.Equal("stable", manifest.GetProperty("releaseKind").GetString(), ignoreCase: true);
        Assert.True(manifest.GetProperty("metrics").GetProperty("validation:auc").GetDouble() >= 0.9);

        await using var state = new LocalState(Home);
        var version = Assert.Single(await state.VersionsAsync(Group));
        Assert.Equal(ModelApprovalStatus.Approved, version.ApprovalStatus);
        await AssertRealPredictionsAsync(state, "breast-cancer-endpoint");
    }

    [Fact]
    public async Task RunLocal_Stable_ScalesProductionEndpointAsManifestSays()
    {
        var result = await RunAsync("--stable", "--commit", Commit);

        Assert.True(result.ExitCode == 0, result.Output);
        await using var state = new LocalState(Home);
        var target = Assert.Single(await state.ScalableTargetsAsync());
        Assert.Equal(("endpoint/breast-cancer-endpoint/variant/AllTraffic", 1, 2), (target.ResourceId, target.MinCapacity, target.MaxCapacity));
    }

    [Fact]
    public async Task RunLocal_StopCandidate_RemovesCandidateScalingWithEndpoint()
    {
        var result = await RunAsync("--mr", "7", "--commit", Commit, "--stop-candidate");

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("auto-scaling: removed from endpoint/breast-cancer-endpoint-candidate-mr7/variant/AllTraffic", result.Output, StringComparison.Ordinal);
        await using var state = new LocalState(Home);
        Assert.Empty(await state.ScalableTargetsAsync());
    }

    [Fact]
    public async Task RunLocal_CandidateAfterStable_ReviewTimesCandidateBesideProduction()
    {
        var stable = await RunAsync("--stable", "--commit", Commit);
        Assert.True(stable.ExitCode == 0, stable.Output);

        var result = await RunAsync("--mr", "7", "--commit", "4567ef890123abcd4567ef890123abcd4567ef89");

        Assert.True(result.ExitCode == 0, result.Output);
        var zip = Assert.Single(_runs.Zips("candidate-*.zip"));
        var review = ReleaseZip.ReadText(zip, "docs/report.md");
        Assert.Contains("found by the model data that endpoint breast-cancer-endpoint serves", review, StringComparison.Ordinal);
        Assert.Contains("| Case | Result | Candidate p50 | Candidate p99 | Production p50 | Production p99 |", review, StringComparison.Ordinal);
        Assert.Matches(new Regex(@"\| health \| passed \| [0-9.]+ ms \| [0-9.]+ ms \| [0-9.]+ ms \| [0-9.]+ ms \|"), review);
    }

    [Fact]
    public async Task RunLocal_FailingEndpointTest_StopsBeforeRelease()
    {
        var flipped = Path.Combine(_runs.Folder, "flipped.csv");
        var lines = await File.ReadAllLinesAsync(Path.Combine(RepositoryPaths.Samples, "breast-cancer-endpoint", "test-data", "validation.csv"));
        await File.WriteAllLinesAsync(flipped, [lines[0], .. lines.Skip(1).Where(l => l.Length > 0).Select(l => l[..^1] + (l[^1] == '0' ? "1" : "0"))]);

        var result = await RunAsync("--mr", "7", "--commit", Commit, "--test-data", flipped);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("FAILED: breast-cancer-endpoint test exited with 1", result.Output, StringComparison.Ordinal);
        Assert.Contains("is below the minimum", result.Output, StringComparison.Ordinal);
        Assert.Empty(_runs.Zips());
        Assert.DoesNotContain("==> [breast-cancer-endpoint] package", result.Output, StringComparison.Ordinal);
    }

    private static string FirstStageLine(string output) =>
        output.Split('\n').SkipWhile(l => !l.StartsWith("==> [breast-cancer-training] build", StringComparison.Ordinal)).Skip(1).First().TrimEnd();

    private static async Task AssertRealPredictionsAsync(LocalState state, string endpoint)
    {
        var lines = await File.ReadAllLinesAsync(Path.Combine(RepositoryPaths.Samples, "breast-cancer-endpoint", "test-data", "validation.csv"));
        var rows = lines.Skip(1).Where(l => l.Length > 0).Select(l => (Features: l[..l.LastIndexOf(',')], Label: l[^1] - '0')).ToList();
        var body = string.Join('\n', rows.Select(r => r.Features)) + "\n";

        var response = await state.Endpoints.InvokeAsync(endpoint, System.Text.Encoding.UTF8.GetBytes(body), "text/csv", "application/json");

        using var answer = JsonDocument.Parse(response.Body);
        var predictions = answer.RootElement.GetProperty("predictions").EnumerateArray().ToList();
        Assert.Equal(rows.Count, predictions.Count);
        var correct = predictions.Zip(rows).Count(p => p.First.GetProperty("label").GetInt32() == p.Second.Label);
        Assert.True(correct >= rows.Count * 0.9, $"{correct} of {rows.Count} predictions match their label");
    }

    private Task<ProcessResult> RunAsync(params string[] arguments) => _runs.RunAsync(arguments);
}
