using System.Formats.Tar;
using System.IO.Compression;
using MlOps.Sdk.Packaging;

namespace MlOps.Sdk.Tests.Packaging;

public sealed class ModelArchiveTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public ModelArchiveTests()
    {
        Archive = _temp.Combine("model.tar.gz");
        Target = _temp.Combine("target", "model");
    }

    private string Archive { get; }

    private string Target { get; }

    public void Dispose() => _temp.Dispose();

    private void WriteModelFolder()
    {
        _temp.Write("model/model.bin", "weights");
        _temp.Write("model/code/inference.py", "print('hi')\n");
        _temp.Write("model/.config", "{}");
    }

    private List<string> ArchiveNames()
    {
        using var gzip = new GZipStream(File.OpenRead(Archive), CompressionMode.Decompress);
        using var reader = new TarReader(gzip);
        var names = new List<string>();
        while (reader.GetNextEntry() is { } entry)
        {
            names.Add(entry.Name);
        }

        return names;
    }

    /// <summary>Every file the test folder holds outside the extraction target: none may appear there.</summary>
    private string[] FilesOutsideTarget() =>
        System.IO.Directory.EnumerateFileSystemEntries(_temp.Path, "*", SearchOption.AllDirectories)
            .Where(p => !p.StartsWith(Target, StringComparison.Ordinal) && p != Archive && p != _temp.Combine("target"))
            .ToArray();

    [Fact]
    public async Task CreateAsync_Folder_PutsFilesAtArchiveRoot()
    {
        WriteModelFolder();

        await ModelArchive.CreateAsync(_temp.Combine("model"), Archive);

        Assert.Equal([".config", "code/", "code/inference.py", "model.bin"], ArchiveNames());
    }

    [Fact]
    public async Task CreateAsync_SameFolderTwice_GivesIdenticalBytes()
    {
        WriteModelFolder();
        await ModelArchive.CreateAsync(_temp.Combine("model"), Archive);
        var first = await File.ReadAllBytesAsync(Archive);
        File.SetLastWriteTimeUtc(_temp.Combine("model", "model.bin"), DateTime.UtcNow.AddDays(-9));

        await ModelArchive.CreateAsync(_temp.Combine("model"), Archive);

        Assert.Equal(first, await File.ReadAllBytesAsync(Archive));
    }

    [Fact]
    public async Task ExtractAsync_ArchiveFromCreate_RestoresEveryFile()
    {
        WriteModelFolder();
        await ModelArchive.CreateAsync(_temp.Combine("model"), Archive);

        await ModelArchive.ExtractAsync(Archive, Target);

        Assert.Equal("weights", File.ReadAllText(Path.Combine(Target, "model.bin")));
        Assert.Equal("print('hi')\n", File.ReadAllText(Path.Combine(Target, "code", "inference.py")));
    }

    [Fact]
    public async Task ExtractAsync_DotSlashPrefixedNames_AreExtracted()
    {
        TarGz.Write(Archive, TarGz.Directory("./"), TarGz.File("./model.bin", "w"));

        await ModelArchive.ExtractAsync(Archive, Target);

        Assert.True(File.Exists(Path.Combine(Target, "model.bin")));
    }

    [Theory]
    [InlineData("../evil.txt")]
    [InlineData("sub/../../evil.txt")]
    [InlineData("..")]
    public async Task ExtractAsync_EntryWithDotDot_IsRefusedAndNothingLandsOutside(string name)
    {
        TarGz.Write(Archive, TarGz.File("ok.txt", "fine"), TarGz.File(name, "evil"));

        var error = await Assert.ThrowsAsync<MlOpsValidationException>(() => ModelArchive.ExtractAsync(Archive, Target));

        Assert.Equal(ModelArchive.UnsafeEntryField, error.FieldName);
        Assert.Contains("'..'", error.Rule);
        Assert.Empty(FilesOutsideTarget());
    }

    [Fact]
    public async Task ExtractAsync_AbsolutePath_IsRefused()
    {
        var outside = _temp.Combine("absolute-evil.txt");
        TarGz.Write(Archive, TarGz.File(outside, "evil"));

        var error = await Assert.ThrowsAsync<MlOpsValidationException>(() => ModelArchive.ExtractAsync(Archive, Target));

        Assert.Contains("absolute", error.Rule);
        Assert.False(File.Exists(outside));
    }

    [Theory]
    [InlineData("../../outside")]
    [InlineData("/etc")]
    [InlineData("sub/../..")]
    public async Task ExtractAsync_SymbolicLinkEscapingTarget_IsRefused(string linkTarget)
    {
        TarGz.Write(Archive, TarGz.SymbolicLink("escape", linkTarget));

        var error = await Assert.ThrowsAsync<MlOpsValidationException>(() => ModelArchive.ExtractAsync(Archive, Target));

        Assert.Contains("'escape'", error.Rule);
        Assert.False(File.Exists(Path.Combine(Target, "escape")) || System.IO.Directory.Exists(Path.Combine(Target, "escape")));
    }

    [Fact]
    public async Task ExtractAsync_FileWrittenThroughSymbolicLink_IsRefused()
    {
        TarGz.Write(Archive, TarGz.SymbolicLink("dir", "."), TarGz.File("dir/x.txt", "through the link"));

        var error = await Assert.ThrowsAsync<MlOpsValidationException>(() => ModelArchive.ExtractAsync(Archive, Target));

        Assert.Contains("beneath the link", error.Rule);
    }

    [Fact]
    public async Task ExtractAsync_LinkThroughAnotherLink_IsRefused()
    {
        // l1 -> . is inside, but l2 -> l1/.. resolves physically to the target's parent.
        TarGz.Write(Archive, TarGz.SymbolicLink("l2", "l1/.."), TarGz.SymbolicLink("l1", "."));

        var error = await Assert.ThrowsAsync<MlOpsValidationException>(() => ModelArchive.ExtractAsync(Archive, Target));

        Assert.Contains("another link", error.Rule);
    }

    [Fact]
    public async Task ExtractAsync_SymbolicLinkInsideTarget_IsCreated()
    {
        TarGz.Write(Archive, TarGz.File("data/model.bin", "w"), TarGz.SymbolicLink("latest", "data/model.bin"));

        await ModelArchive.ExtractAsync(Archive, Target);

        Assert.Equal("w", File.ReadAllText(Path.Combine(Target, "latest")));
    }

    [Fact]
    public async Task ExtractAsync_HardLinkOutsideTarget_IsRefused()
    {
        TarGz.Write(Archive, TarGz.HardLink("h", "../../etc/passwd"));

        await Assert.ThrowsAsync<MlOpsValidationException>(() => ModelArchive.ExtractAsync(Archive, Target));

        Assert.False(File.Exists(Path.Combine(Target, "h")));
    }

    [Fact]
    public async Task ExtractAsync_HardLinkToExtractedFile_CopiesIt()
    {
        TarGz.Write(Archive, TarGz.File("a.bin", "content"), TarGz.HardLink("b.bin", "a.bin"));

        await ModelArchive.ExtractAsync(Archive, Target);

        Assert.Equal("content", File.ReadAllText(Path.Combine(Target, "b.bin")));
    }

    [Fact]
    public async Task ExtractAsync_DeviceEntry_IsRefused()
    {
        TarGz.Write(Archive, new PaxTarEntry(TarEntryType.CharacterDevice, "null"));

        var error = await Assert.ThrowsAsync<MlOpsValidationException>(() => ModelArchive.ExtractAsync(Archive, Target));

        Assert.Contains("CharacterDevice", error.Rule);
    }

    [Fact]
    public async Task ExtractAsync_NonEmptyTarget_FailsNamingTargetDirectory()
    {
        TarGz.Write(Archive, TarGz.File("a", "b"));
        _temp.Write("target/model/existing.txt", "x");

        var error = await Assert.ThrowsAsync<MlOpsValidationException>(() => ModelArchive.ExtractAsync(Archive, Target));

        Assert.Equal("TargetDirectory", error.FieldName);
    }

    private string[] EntriesBesideTarget() =>
        System.IO.Directory.Exists(_temp.Combine("target")) ? System.IO.Directory.GetFileSystemEntries(_temp.Combine("target")) : [];

    [Fact]
    public async Task ExtractAsync_ArchiveBombOfZeros_IsRefusedByCompressionRatioAndLeavesNothing()
    {
        TarGz.Write(Archive, new PaxTarEntry(TarEntryType.RegularFile, "zeros.bin") { DataStream = new MemoryStream(new byte[24 * 1024 * 1024]) });

        var error = await Assert.ThrowsAsync<MlOpsValidationException>(() => ModelArchive.ExtractAsync(Archive, Target));

        Assert.Equal("ArchiveLimits.MaxCompressionRatio", error.FieldName);
        Assert.Empty(EntriesBesideTarget());
    }

    [Fact]
    public async Task ExtractAsync_MoreBytesThanMaxTotalBytes_IsRefusedAndLeavesNothing()
    {
        TarGz.Write(Archive, TarGz.File("a.txt", new string('a', 600)), TarGz.File("b.txt", new string('b', 600)));

        var error = await Assert.ThrowsAsync<MlOpsValidationException>(() => ModelArchive.ExtractAsync(Archive, Target, new ArchiveLimits { MaxTotalBytes = 1000 }));

        Assert.Equal("ArchiveLimits.MaxTotalBytes", error.FieldName);
        Assert.Empty(EntriesBesideTarget());
    }

    [Fact]
    public async Task ExtractAsync_MoreEntriesThanMaxEntries_IsRefusedAndLeavesNothing()
    {
        TarGz.Write(Archive, [.. Enumerable.Range(0, 5).Select(i => TarGz.File($"f{i}.txt", "x"))]);

        var error = await Assert.ThrowsAsync<MlOpsValidationException>(() => ModelArchive.ExtractAsync(Archive, Target, new ArchiveLimits { MaxEntries = 3 }));

        Assert.Equal("ArchiveLimits.MaxEntries", error.FieldName);
        Assert.Empty(EntriesBesideTarget());
    }

    [Fact]
    public async Task ExtractAsync_ArchiveWithinLimits_IsExtracted()
    {
        TarGz.Write(Archive, TarGz.File("a.txt", new string('a', 600)));

        await ModelArchive.ExtractAsync(Archive, Target, new ArchiveLimits { MaxTotalBytes = 600, MaxEntries = 1 });

        Assert.Equal(["model"], EntriesBesideTarget().Select(Path.GetFileName));
    }

    [Theory]
    [InlineData(0L, 1, 1.0, "ArchiveLimits.MaxTotalBytes")]
    [InlineData(1L, 0, 1.0, "ArchiveLimits.MaxEntries")]
    [InlineData(1L, 1, 0.5, "ArchiveLimits.MaxCompressionRatio")]
    [InlineData(1L, 1, double.NaN, "ArchiveLimits.MaxCompressionRatio")]
    public async Task ExtractAsync_NonsensicalLimits_AreRefusedBeforeReading(long maxBytes, int maxEntries, double maxRatio, string field)
    {
        TarGz.Write(Archive, TarGz.File("a.txt", "a"));

        var error = await Assert.ThrowsAsync<MlOpsValidationException>(() => ModelArchive.ExtractAsync(Archive, Target, new ArchiveLimits { MaxTotalBytes = maxBytes, MaxEntries = maxEntries, MaxCompressionRatio = maxRatio }));

        Assert.Equal(field, error.FieldName);
        Assert.Empty(EntriesBesideTarget());
    }

    [Fact]
    public async Task ExtractAsync_UnsafeEntryAfterGoodOnes_LeavesNeitherTargetNorTemporaryFolder()
    {
        TarGz.Write(Archive, TarGz.File("a.txt", "a"), TarGz.Directory("sub/"), TarGz.File("sub/b.txt", "b"), TarGz.File("../c.txt", "c"));

        await Assert.ThrowsAsync<MlOpsValidationException>(() => ModelArchive.ExtractAsync(Archive, Target));

        Assert.Empty(EntriesBesideTarget());
    }

    [Fact]
    public async Task ExtractAsync_CancelledMidway_LeavesNeitherTargetNorTemporaryFolder()
    {
        TarGz.Write(Archive, TarGz.File("a.txt", "a"), TarGz.File("b.txt", "b"), TarGz.File("c.txt", "c"));
        using var cancellation = new CancellationTokenSource();
        var progress = new SynchronousProgress<PackagingProgress>(p =>
        {
            if (p.Stage == PackagingStage.Extracting && p.FilesDone == 2)
            {
                cancellation.Cancel();
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ModelArchive.ExtractAsync(Archive, Target, null, progress, cancellation.Token));

        Assert.Empty(EntriesBesideTarget());
    }

    [Fact]
    public async Task ExtractAsync_EmptyTargetFolder_IsReplacedByTheExtractedOne()
    {
        TarGz.Write(Archive, TarGz.File("a.txt", "a"));
        System.IO.Directory.CreateDirectory(Target);

        await ModelArchive.ExtractAsync(Archive, Target);

        Assert.Equal("a", File.ReadAllText(Path.Combine(Target, "a.txt")));
        Assert.Equal(["model"], EntriesBesideTarget().Select(Path.GetFileName));
    }
}
