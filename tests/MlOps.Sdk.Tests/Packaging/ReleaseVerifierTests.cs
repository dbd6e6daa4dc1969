using System.IO.Compression;
using System.Text;
using MlOps.Sdk.Naming;
using MlOps.Sdk.Packaging;

namespace MlOps.Sdk.Tests.Packaging;

public sealed class ReleaseVerifierTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private async Task<string> PackageAsync()
    {
        _temp.Write("src/a.txt", "alpha\n");
        _temp.Write("model/weights.gz", "WEIGHTS-" + new string('w', 4_000) + "-END");
        var request = new ReleasePackageRequest
        {
            Context = ReleaseContext.Stable("0badc0de", new DateTimeOffset(2026, 11, 27, 10, 55, 0, TimeSpan.Zero)),
            OutputDirectory = _temp.Combine("out"),
            SourceDirectory = _temp.Combine("src"),
            SourceFiles = ["a.txt"],
            ModelDirectory = _temp.Combine("model"),
        };
        return (await new ReleasePackager().CreateAsync(request)).ZipPath;
    }

    [Fact]
    public async Task VerifyAsync_FreshRelease_IsValid()
    {
        var zip = await PackageAsync();

        var result = await new ReleaseVerifier().VerifyAsync(zip);

        Assert.True(result.IsValid, result.Problem);
        Assert.Equal(result.Manifest!.Files.Count, result.FilesChecked);
    }

    [Fact]
    public async Task VerifyAsync_BytesCorruptedAfterPackaging_ReportsThatEntry()
    {
        var zip = await PackageAsync();
        var bytes = await File.ReadAllBytesAsync(zip);
        var at = bytes.AsSpan().IndexOf("WEIGHTS-"u8);
        bytes[at + 100] ^= 0xFF;
        await File.WriteAllBytesAsync(zip, bytes);

        var result = await new ReleaseVerifier().VerifyAsync(zip);

        Assert.False(result.IsValid);
        Assert.Equal("model/weights.gz", result.MismatchPath);
    }

    [Fact]
    public async Task VerifyAsync_EntryReplacedWithOtherContent_ReportsChecksumMismatch()
    {
        var zip = await PackageAsync();
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Update))
        {
            archive.GetEntry("source/a.txt")!.Delete();
            using var writer = new StreamWriter(archive.CreateEntry("source/a.txt").Open(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            writer.Write("ALPHA\n");
        }

        var result = await new ReleaseVerifier().VerifyAsync(zip);

        Assert.Equal("source/a.txt", result.MismatchPath);
        Assert.Contains("SHA-256", result.Problem);
    }

    [Fact]
    public async Task VerifyAsync_EntryAddedAfterPackaging_ReportsUnlistedEntry()
    {
        var zip = await PackageAsync();
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Update))
        {
            archive.CreateEntry("source/extra.txt");
        }

        var result = await new ReleaseVerifier().VerifyAsync(zip);

        Assert.Equal("source/extra.txt", result.MismatchPath);
    }

    [Fact]
    public async Task VerifyAsync_EntryRemovedAfterPackaging_ReportsMissingEntry()
    {
        var zip = await PackageAsync();
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Update))
        {
            archive.GetEntry("source/a.txt")!.Delete();
        }

        var result = await new ReleaseVerifier().VerifyAsync(zip);

        Assert.Equal("source/a.txt", result.MismatchPath);
        Assert.Contains("missing", result.Problem);
    }

    [Fact]
    public async Task VerifyAsync_NotAZip_ReportsUnreadable()
    {
        var path = _temp.Write("stable-20261127T105500Z.zip", "not a zip at all");

        var result = await new ReleaseVerifier().VerifyAsync(path);

        Assert.False(result.IsValid);
        Assert.Contains("not a readable zip", result.Problem);
    }

    [Fact]
    public async Task ThrowIfInvalid_CorruptedRelease_ThrowsWithErrorCode()
    {
        var zip = await PackageAsync();
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Update))
        {
            archive.GetEntry("manifest.json")!.Delete();
        }

        var result = await new ReleaseVerifier().VerifyAsync(zip);

        var error = Assert.Throws<MlOpsException>(result.ThrowIfInvalid);
        Assert.Equal(ReleaseVerification.ErrorCode, error.ErrorCode);
    }
}
