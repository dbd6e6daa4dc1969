using System.Text.Json;
using MlOps.Sdk.Naming;
using MlOps.Sdk.Packaging;
using MlOps.Sdk.Tests.Fixtures;

namespace MlOps.Sdk.Tests.Packaging;

public class ReleaseManifestSchemaTests
{
    private static JsonElement Schema()
    {
        return JsonDocument.Parse(File.ReadAllText(RepositoryRoot.Combine("docs", "release-manifest.schema.json"))).RootElement;
    }

    private static JsonElement Written(ReleaseCosts? costs = null)
    {
        var manifest = new ReleaseManifest
        {
            ReleaseName = "stable-20261127T105500Z.zip",
            ReleaseKind = ReleaseKind.Stable,
            Commit = "1a2b3c4d",
            Timestamp = "2026-11-27T10:55:00Z",
            SdkVersion = "0.1.0",
            Costs = costs,
            Files = [new ReleaseManifestFile("source/a.cs", 1, new string('0', 64))],
        };
        return JsonDocument.Parse(manifest.ToJsonBytes()).RootElement;
    }

    [Fact]
    public void ToJsonBytes_AnyManifest_WritesExactlyTheSchemasProperties()
    {
        var documented = Schema().GetProperty("properties").EnumerateObject().Select(p => p.Name).Order();

        Assert.Equal(documented, Written().EnumerateObject().Select(p => p.Name).Order());
    }

    [Fact]
    public void ToJsonBytes_AnyManifest_WritesExactlyTheSchemasFileProperties()
    {
        var documented = Schema().GetProperty("properties").GetProperty("files").GetProperty("items").GetProperty("properties")
            .EnumerateObject().Select(p => p.Name).Order();

        Assert.Equal(documented, Written().GetProperty("files")[0].EnumerateObject().Select(p => p.Name).Order());
    }

    [Fact]
    public void ToJsonBytes_WithCosts_WritesExactlyTheSchemasCostProperties()
    {
        var documented = Schema().GetProperty("properties").GetProperty("costs").GetProperty("properties").EnumerateObject().Select(p => p.Name).Order();

        var written = Written(new ReleaseCosts { Region = "us-east-1", EndpointUsdPerHour = 0.115 }).GetProperty("costs");

        Assert.Equal(documented, written.EnumerateObject().Select(p => p.Name).Order());
    }

    [Fact]
    public async Task ReadAsync_WhatToJsonBytesWrote_RoundTrips()
    {
        var manifest = new ReleaseManifest
        {
            ReleaseName = "candidate-PR-7-1a2b3c4d-20261127T105500Z.zip",
            ReleaseKind = ReleaseKind.Candidate,
            PullRequestId = 7,
            Commit = "1a2b3c4d",
            Timestamp = "2026-11-27T10:55:00Z",
            Metrics = new Dictionary<string, double> { ["b"] = 2, ["a"] = 0.5 },
            SdkVersion = "0.1.0",
            Files = [],
        };

        var read = await ReleaseManifest.ReadAsync(new MemoryStream(manifest.ToJsonBytes()));

        Assert.Equal(ReleaseKind.Candidate, read.ReleaseKind);
        Assert.Equal(7, read.PullRequestId);
        Assert.Equal(["a", "b"], read.Metrics.Keys.Order());
    }

    [Fact]
    public async Task ReadAsync_NotAManifest_FailsWithInvalidReleaseManifest()
    {
        var error = await Assert.ThrowsAsync<MlOpsException>(() => ReleaseManifest.ReadAsync(new MemoryStream("""{"releaseKind":"nightly"}"""u8.ToArray())));

        Assert.Equal("InvalidReleaseManifest", error.ErrorCode);
    }
}
