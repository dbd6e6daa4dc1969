using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace MlOps.Pipeline.Tests.Sample;

/// <summary>
/// The main job in AWS mode against <c>mlops-local serve</c> (samples/run-local.sh --over-wire) gives the release zip
/// local mode gives for the same commit, pipeline time and inputs: the same name, and the same bytes in every entry but
/// the few that record the mode or a wall-clock time (docs/local-wire.md, "The main job over the wire").
/// </summary>
[Collection(SamplePipelineCollection.Name)]
public sealed class SamplePipelineOverWireTests : IAsyncLifetime
{
    private const string Commit = "0123abcd4567ef890123abcd4567ef890123abcd";
    private const string ModelPackage = "model/model-package.json";
    private const string Review = "docs/report.md";
    private const string Manifest = "manifest.json";
    private const string Console = "https://us-east-1.console.aws.amazon.com/sagemaker/home?region=us-east-1#";

    // The same pipeline as GitLab would number and time it, and the role tofu would give: inputs of both runs.
    private static readonly Dictionary<string, string?> Inputs = new()
    {
        ["CI_PIPELINE_ID"] = "4242",
        ["CI_PIPELINE_CREATED_AT"] = "2026-12-07T05:00:00Z",
        ["MLOPS_SAGEMAKER_ROLE_ARN"] = "arn:aws:iam::000000000000:role/mlops-local-execution",
    };

    private readonly SampleRunFolder _local = new();
    private readonly SampleRunFolder _wire = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _local.DisposeAsync();
        await _wire.DisposeAsync();
    }

    [Fact]
    public async Task RunLocalOverWire_Candidate_ReleasesLocalModesZipButForModeAndTimes()
    {
        var (local, wire) = await RunBothAsync("--mr", "7", "--commit", Commit);

        Assert.Equal(Path.GetFileName(local), Path.GetFileName(wire));
        Assert.Equal([Review, Manifest, ModelPackage], DifferingEntries(local, wire));
        AssertOnlyCreationTimeDiffers(local, wire);
        AssertReviewDiffersOnlyInModeAndMeasurements(ReleaseZip.ReadText(local, Review), ReleaseZip.ReadText(wire, Review));
        AssertManifestDiffersOnlyInChecksumsOf(local, wire, [Review, ModelPackage]);
    }

    [Fact]
    public async Task RunLocalOverWire_Stable_ReleasesLocalModesZipButForRegistrationTime()
    {
        var (local, wire) = await RunBothAsync("--stable", "--commit", Commit);

        Assert.Equal(Path.GetFileName(local), Path.GetFileName(wire));
        Assert.Equal([Manifest, ModelPackage], DifferingEntries(local, wire));
        AssertOnlyCreationTimeDiffers(local, wire);
        AssertManifestDiffersOnlyInChecksumsOf(local, wire, [ModelPackage]);
    }

    private async Task<(string Local, string Wire)> RunBothAsync(params string[] arguments)
    {
        var local = await _local.RunAsync(Inputs, arguments);
        Assert.True(local.ExitCode == 0, local.Output);
        var wire = await _wire.RunAsync(Inputs, [.. arguments, "--over-wire"]);
        Assert.True(wire.ExitCode == 0, wire.Output);

        // Every stage ran in AWS mode, through the server the script started.
        Assert.Matches(new Regex(@"^export AWS_ENDPOINT_URL_SAGEMAKER=http://127\.0\.0\.1:\d+$", RegexOptions.Multiline), wire.Output);
        Assert.DoesNotContain("mode: local", wire.Output, StringComparison.Ordinal);
        Assert.Contains("MlOps.Sdk train — mode: aws (region us-east-1)", wire.Output, StringComparison.Ordinal);
        return (Assert.Single(_local.Zips()), Assert.Single(_wire.Zips()));
    }

    private static List<string> DifferingEntries(string local, string wire)
    {
        var localHashes = ReleaseZip.EntryHashes(local);
        var wireHashes = ReleaseZip.EntryHashes(wire);
        Assert.Equal(localHashes.Keys, wireHashes.Keys);
        return [.. localHashes.Keys.Where(name => localHashes[name] != wireHashes[name])];
    }

    // The model version as DescribeModelPackage returned it: the registration's wall-clock time is its only
    // difference (both modes record it in whole milliseconds, SageMaker's precision; only the instant differs).
    private static void AssertOnlyCreationTimeDiffers(string local, string wire)
    {
        var localVersion = JsonNode.Parse(ReleaseZip.ReadText(local, ModelPackage))!.AsObject();
        var wireVersion = JsonNode.Parse(ReleaseZip.ReadText(wire, ModelPackage))!.AsObject();
        Assert.NotEqual(localVersion["CreationTime"]!.ToJsonString(), wireVersion["CreationTime"]!.ToJsonString());
        localVersion.Remove("CreationTime");
        wireVersion.Remove("CreationTime");
        Assert.Equal(localVersion.ToJsonString(), wireVersion.ToJsonString());
    }

    // The review names its mode, links the AWS console only in AWS mode, says costs are "at AWS prices" only when local,
    // and shows the latencies and billed training time it measured and the minute it was written: nothing else may differ.
    private static void AssertReviewDiffersOnlyInModeAndMeasurements(string local, string wire)
    {
        var localLines = local.Split('\n');
        var wireLines = wire.Split('\n');
        Assert.Equal(localLines.Length, wireLines.Length);
        var kinds = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (localLine, wireLine) in localLines.Zip(wireLines).Where(pair => pair.First != pair.Second))
        {
            kinds.Add(ReviewDifference(localLine, wireLine));
        }

        Assert.Superset(new SortedSet<string>(["console link", "cost wording", "mode and time"], StringComparer.Ordinal), kinds);
        Assert.Subset(new SortedSet<string>(["billed time", "console link", "cost wording", "latency", "mode and time"], StringComparer.Ordinal), kinds);
    }

    private static string ReviewDifference(string local, string wire)
    {
        static string Measured(string line) => Regex.Replace(line, @"[0-9.]+ ms\b", "N ms");
        static string Written(string line) => Regex.Replace(line, @"\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC", "TIME");
        if (Measured(local) == Measured(wire))
        {
            return "latency";
        }

        if (Written(local).Replace("local mode", "aws mode", StringComparison.Ordinal) == Written(wire) && local.Contains("local mode", StringComparison.Ordinal))
        {
            return "mode and time";
        }

        // The training figure is its billable seconds at the instance's price, and the seconds are measured: on a loaded
        // machine the two runs' jobs can bill a second apart, as two runs of one job on SageMaker can.
        static string Billed(string line) => Regex.Replace(
            Regex.Replace(line, @"training \$[0-9.]+", "training $N"),
            @"\| \$[0-9.]+ for [0-9.]+ instance-hours \|",
            "| $N for N instance-hours |");
        if (Billed(local) == Billed(wire))
        {
            return "billed time";
        }

        if (Billed(local.Replace(" (at AWS prices; this run was local)", string.Empty, StringComparison.Ordinal)) == Billed(wire))
        {
            return "cost wording";
        }

        var named = Regex.Match(local, @"^- (?<label>[^:]+): `(?<name>[^`]+)`$");
        var kind = named.Groups["label"].Value switch { "Training job" => "jobs", "Candidate endpoint" or "Production endpoint" => "endpoints", _ => null };
        if (named.Success && kind is not null)
        {
            var name = named.Groups["name"].Value;
            Assert.Equal($"- {named.Groups["label"].Value}: [{name}]({Console}/{kind}/{name})", wire);
            return "console link";
        }

        Assert.Fail($"unexpected review difference:\n  local: {local}\n  aws:   {wire}");
        return string.Empty;
    }

    // The manifest lists every entry's size and SHA-256; those of the entries that differ are its only difference,
    // apart from the review's measured training time and its cost (billed seconds, like the review's cost line).
    private static void AssertManifestDiffersOnlyInChecksumsOf(string local, string wire, string[] differing)
    {
        var localManifest = ReleaseZip.VerifiedManifest(local);
        var wireManifest = ReleaseZip.VerifiedManifest(wire);
        Assert.Equal(WithoutChecksumsOf(localManifest, differing), WithoutChecksumsOf(wireManifest, differing));
    }

    private static string WithoutChecksumsOf(JsonElement manifest, string[] paths)
    {
        var node = JsonNode.Parse(manifest.GetRawText())!.AsObject();
        if (node["costs"] is JsonObject costs)
        {
            costs.Remove("trainingInstanceHours");
            costs.Remove("trainingUsd");
        }

        foreach (var file in node["files"]!.AsArray().Select(f => f!.AsObject()).Where(f => paths.Contains(f["path"]!.GetValue<string>())))
        {
            file.Remove("size");
            file.Remove("sha256");
        }

        return node.ToJsonString();
    }
}
