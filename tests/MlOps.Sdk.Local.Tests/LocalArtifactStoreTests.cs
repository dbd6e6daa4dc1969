using MlOps.Sdk.Storage;

namespace MlOps.Sdk.Tests.Local;

public sealed class LocalArtifactStoreTests : IAsyncLifetime
{
    private readonly LocalTestHome home = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await home.DisposeAsync();

    [Fact]
    public async Task UploadFile_ThenDownload_ReturnsSameBytesFromTheBucketFolder()
    {
        var source = await WriteAsync("a.bin", "payload");
        var uri = S3Uri.Create("bucket-one", "dir/a.bin");

        await home.Store.UploadFileAsync(source, uri);
        var copy = Path.Combine(home.Home, "copy.bin");
        await home.Store.DownloadFileAsync(uri, copy);

        Assert.Equal("payload", await File.ReadAllTextAsync(copy));
        Assert.Equal(Path.Combine(home.Home, "buckets", "bucket-one", "dir", "a.bin"), home.Store.GetLocalPath(uri));
    }

    [Fact]
    public async Task List_StringPrefix_MatchesKeysLikeS3InKeyOrder()
    {
        foreach (var key in new[] { "runs/2/b.txt", "runs/10/a.txt", "runs-old/x.txt", "other/y.txt" })
        {
            await home.Store.UploadFileAsync(await WriteAsync("f.txt", key), S3Uri.Create("bucket-two", key));
        }

        var keys = new List<string>();
        await foreach (var item in home.Store.ListAsync(S3Uri.Create("bucket-two", "runs")))
        {
            keys.Add(item.Uri.Key);
        }

        Assert.Equal(["runs-old/x.txt", "runs/10/a.txt", "runs/2/b.txt"], keys);
    }

    [Fact]
    public async Task DownloadDirectory_Prefix_KeepsRelativePaths()
    {
        await home.Store.UploadDirectoryAsync(await FolderAsync(), S3Uri.Create("bucket-three", "data/"));

        var target = Path.Combine(home.Home, "restored");
        await home.Store.DownloadDirectoryAsync(S3Uri.Create("bucket-three", "data/"), target);

        Assert.Equal("nested", await File.ReadAllTextAsync(Path.Combine(target, "sub", "n.txt")));
        Assert.Equal("top", await File.ReadAllTextAsync(Path.Combine(target, "t.txt")));
    }

    [Fact]
    public async Task UploadFile_KeyWithDotDotSegment_IsRefusedBeforeWriting()
    {
        var source = await WriteAsync("x.txt", "x");

        var error = await Assert.ThrowsAsync<MlOpsValidationException>(() => home.Store.UploadFileAsync(source, S3Uri.Create("bucket-four", "a/../../escape.txt")));

        Assert.Contains("'..'", error.Rule, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(home.Home, "buckets", "escape.txt")));
    }

    [Fact]
    public async Task DownloadFile_MissingKey_ThrowsNoSuchKey()
    {
        var error = await Assert.ThrowsAsync<MlOpsException>(() => home.Store.DownloadFileAsync(S3Uri.Create("bucket-five", "missing.txt"), Path.Combine(home.Home, "m.txt")));

        Assert.Equal("NoSuchKey", error.ErrorCode);
    }

    [Fact]
    public async Task Delete_ThenExists_IsFalse()
    {
        var uri = S3Uri.Create("bucket-six", "gone.txt");
        await home.Store.UploadFileAsync(await WriteAsync("g.txt", "g"), uri);

        await home.Store.DeleteAsync(uri);

        Assert.False(await home.Store.ExistsAsync(uri));
    }

    [Fact]
    public async Task OpenReadAsync_StoredObject_ReadsItsBytesWithItsLength()
    {
        var uri = S3Uri.Create("bucket-four", "models/model.tar.gz");
        await home.Store.UploadFileAsync(await WriteAsync("m.bin", "model bytes"), uri);

        await using var stream = await home.Store.OpenReadAsync(uri);
        using var reader = new StreamReader(stream);

        Assert.Equal(11, stream.Length);
        Assert.Equal("model bytes", await reader.ReadToEndAsync());
    }

    [Fact]
    public async Task OpenReadAsync_MissingKey_ThrowsNoSuchKey()
    {
        var error = await Assert.ThrowsAsync<MlOpsException>(() => home.Store.OpenReadAsync(S3Uri.Create("bucket-four", "models/missing.tar.gz")));

        Assert.Equal("NoSuchKey", error.ErrorCode);
    }

    private async Task<string> WriteAsync(string name, string text)
    {
        var path = Path.Combine(home.Home, Guid.NewGuid().ToString("N")[..6] + name);
        await File.WriteAllTextAsync(path, text);
        return path;
    }

    private async Task<string> FolderAsync()
    {
        var folder = Path.Combine(home.Home, "folder");
        Directory.CreateDirectory(Path.Combine(folder, "sub"));
        await File.WriteAllTextAsync(Path.Combine(folder, "t.txt"), "top");
        await File.WriteAllTextAsync(Path.Combine(folder, "sub", "n.txt"), "nested");
        return folder;
    }
}
