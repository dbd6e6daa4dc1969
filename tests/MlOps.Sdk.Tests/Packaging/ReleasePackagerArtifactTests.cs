using System.IO.Compression;
using System.Security.Cryptography;
using MlOps.Sdk.Local;
using MlOps.Sdk.Naming;
using MlOps.Sdk.Packaging;
using MlOps.Sdk.Storage;

namespace MlOps.Sdk.Tests.Packaging;

/// <summary>A model streamed from the artifact store into the release zip: the same bytes and checksum, no copy.</summary>
public sealed class ReleasePackagerArtifactTests : IDisposable
{
    private static readonly DateTimeOffset Time = new(2026, 12, 7, 6, 30, 0, TimeSpan.Zero);
    private static readonly S3Uri ModelUri = S3Uri.Create("mlops-artifacts", "churn/job-1/output/model.tar.gz");

    private readonly TempFolder _temp = new();
    private readonly LocalArtifactStore _store;

    public ReleasePackagerArtifactTests()
    {
        _store = new LocalArtifactStore(Microsoft.Extensions.Options.Options.Create(new LocalOptions { Home = _temp.Combine("home") }));
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task CreateAsync_ModelFromArtifactStore_ZipHoldsItsBytesAndManifestItsSha256()
    {
        var model = await PutModelAsync(300_000);
        var artifact = await ListedAsync(ModelUri);

        var result = await new ReleasePackager().CreateAsync(Request(ReleaseFile.FromArtifact("model/model.tar.gz", artifact, _store)));

        using var zip = ZipFile.OpenRead(result.ZipPath);
        await using var entry = await zip.GetEntry("model/model.tar.gz")!.OpenAsync();
        Assert.Equal(SHA256.HashData(model), await SHA256.HashDataAsync(entry));
        var listed = Assert.Single(result.Manifest.Files, f => f.Path == "model/model.tar.gz");
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(model)), listed.Sha256);
        Assert.Equal(model.Length, listed.Size);
    }

    [Fact]
    public async Task CreateAsync_ArtifactChangedSinceListed_ThrowsAndLeavesNoZip()
    {
        await PutModelAsync(1_000);
        var stale = (await ListedAsync(ModelUri)) with { Size = 2_000 };

        var error = await Assert.ThrowsAsync<MlOpsException>(() => new ReleasePackager().CreateAsync(Request(ReleaseFile.FromArtifact("model/model.tar.gz", stale, _store))));

        Assert.Equal("ArtifactChanged", error.ErrorCode);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_temp.Combine("out")));
    }

    [Fact]
    public void FromArtifact_NegativeSize_ThrowsNamingTheSize()
    {
        var error = Assert.Throws<MlOpsValidationException>(() => ReleaseFile.FromArtifact("model/model.tar.gz", new ArtifactObject(ModelUri, -1, Time), _store));

        Assert.Equal("artifact.Size", error.FieldName);
    }

    private ReleasePackageRequest Request(ReleaseFile model) => new()
    {
        Context = ReleaseContext.Candidate(7, "1a2b3c4d", Time),
        Project = "churn",
        OutputDirectory = _temp.Combine("out"),
        AdditionalFiles = [model],
    };

    private async Task<byte[]> PutModelAsync(int size)
    {
        var bytes = RandomNumberGenerator.GetBytes(size);
        _temp.WriteBytes("upload/model.tar.gz", bytes);
        await _store.UploadFileAsync(_temp.Combine("upload", "model.tar.gz"), ModelUri);
        return bytes;
    }

    private async Task<ArtifactObject> ListedAsync(S3Uri uri)
    {
        await foreach (var item in _store.ListAsync(uri))
        {
            return item;
        }

        throw new InvalidOperationException($"{uri} was not listed");
    }
}
