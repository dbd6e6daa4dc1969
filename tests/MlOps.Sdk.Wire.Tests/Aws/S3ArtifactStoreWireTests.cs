using System.Security.Cryptography;
using Amazon.Runtime;
using Amazon.S3;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Sdk.Aws;
using MlOps.Sdk.Storage;
using MlOps.Sdk.Tests.Fakes;
using MlOps.Sdk.Tests.Fixtures;

namespace MlOps.Sdk.Tests.Aws;

/// <summary>The S3 artifact store against moto: single and multipart uploads, progress, downloads, listing, deletion.</summary>
[Collection(MotoCollection.Name)]
public sealed class S3ArtifactStoreWireTests : IAsyncLifetime
{
    private const string Bucket = "mlops-artifacts";
    private readonly MotoServerFixture _moto;
    private readonly string _work = Path.Combine(Path.GetTempPath(), "mlops-s3-tests-" + Guid.NewGuid().ToString("N"));
    private AwsTestHost _host = null!;

    public S3ArtifactStoreWireTests(MotoServerFixture moto) => _moto = moto;

    private IArtifactStore Store => _host.Artifacts;

    public async Task InitializeAsync()
    {
        await _moto.ResetAsync();
        _host = new AwsTestHost(_moto.Endpoint, new RecordingHandler(), configure: services =>
            services.Configure<AwsOptions>(o => o.MultipartPartSize = 5 * 1024 * 1024));
        Directory.CreateDirectory(_work);
        using var s3 = new AmazonS3Client(new BasicAWSCredentials("AKIDEXAMPLE", "secret"), new AmazonS3Config
        {
            ServiceURL = _moto.Endpoint.ToString(),
            ForcePathStyle = true,
            AuthenticationRegion = AwsTestHost.Region,
        });
        await s3.PutBucketAsync(Bucket);
    }

    public Task DisposeAsync()
    {
        _host.Dispose();
        Directory.Delete(_work, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task UploadFileAsync_SmallFile_RoundTripsBytes()
    {
        var source = WriteFile("model/model.tar.gz", 1000);
        var uri = S3Uri.Parse($"s3://{Bucket}/churn/1/model.tar.gz");

        await Store.UploadFileAsync(source, uri);
        var copy = Path.Combine(_work, "copy.bin");
        await Store.DownloadFileAsync(uri, copy);

        Assert.Equal(File.ReadAllBytes(source), File.ReadAllBytes(copy));
        Assert.True(await Store.ExistsAsync(uri));
    }

    [Fact]
    public async Task UploadFileAsync_LargerThanPartSize_UploadsInPartsAndReportsProgress()
    {
        var source = WriteFile("big.bin", 12 * 1024 * 1024);
        var uri = S3Uri.Parse($"s3://{Bucket}/releases/big.bin");
        var reports = new List<TransferProgress>();

        // TransferUtility reports from several threads while parts upload in parallel.
        await Store.UploadFileAsync(source, uri, new SynchronousProgress<TransferProgress>(r => { lock (reports) { reports.Add(r); } }));
        var listed = await ToListAsync(Store.ListAsync(S3Uri.Parse($"s3://{Bucket}/releases/")));
        var copy = Path.Combine(_work, "big-copy.bin");
        await Store.DownloadFileAsync(uri, copy);

        Assert.Equal(12 * 1024 * 1024, Assert.Single(listed).Size);
        Assert.Equal(SHA256.HashData(File.ReadAllBytes(source)), SHA256.HashData(File.ReadAllBytes(copy)));
        Assert.NotEmpty(reports);
        Assert.Equal(12L * 1024 * 1024, reports.Max(r => r.BytesTransferred));
        Assert.All(reports, r => Assert.Equal(uri, r.Uri));
    }

    [Fact]
    public async Task UploadDirectoryThenDownloadDirectory_NestedFiles_KeepsRelativePaths()
    {
        WriteFile("tree/model.json", 10);
        WriteFile("tree/assets/vocab.txt", 20);
        var prefix = S3Uri.Parse($"s3://{Bucket}/runs/7");

        await Store.UploadDirectoryAsync(Path.Combine(_work, "tree"), prefix);
        var target = Path.Combine(_work, "restored");
        await Store.DownloadDirectoryAsync(prefix, target);

        Assert.Equal(10, new FileInfo(Path.Combine(target, "model.json")).Length);
        Assert.Equal(20, new FileInfo(Path.Combine(target, "assets", "vocab.txt")).Length);
    }

    [Fact]
    public async Task DeleteAsync_ExistingThenMissing_BothSucceed()
    {
        var uri = S3Uri.Parse($"s3://{Bucket}/old/stable-20260101T000000Z.zip");
        await Store.UploadFileAsync(WriteFile("old.zip", 5), uri);

        await Store.DeleteAsync(uri);
        await Store.DeleteAsync(uri);

        Assert.False(await Store.ExistsAsync(uri));
    }

    [Fact]
    public async Task ListAsync_ManyObjects_ListsEveryObjectInKeyOrder()
    {
        var file = WriteFile("one.txt", 1);
        for (var i = 0; i < 5; i++)
        {
            await Store.UploadFileAsync(file, S3Uri.Parse($"s3://{Bucket}/zips/{i}.zip"));
        }

        var listed = await ToListAsync(Store.ListAsync(S3Uri.Parse($"s3://{Bucket}/zips/")));

        Assert.Equal(["zips/0.zip", "zips/1.zip", "zips/2.zip", "zips/3.zip", "zips/4.zip"], listed.Select(o => o.Uri.Key));
    }

    [Fact]
    public async Task OpenReadAsync_MultipartObject_StreamsEveryByteWithItsLength()
    {
        var source = WriteFile("stream/model.tar.gz", 12 * 1024 * 1024);
        var uri = S3Uri.Parse($"s3://{Bucket}/stream/model.tar.gz");
        await Store.UploadFileAsync(source, uri);

        await using var stream = await Store.OpenReadAsync(uri);
        var length = stream.Length;
        var hash = await SHA256.HashDataAsync(stream);

        Assert.Equal(12L * 1024 * 1024, length);
        Assert.Equal(SHA256.HashData(File.ReadAllBytes(source)), hash);
    }

    [Fact]
    public async Task OpenReadAsync_MissingKey_ThrowsNoSuchKey()
    {
        var error = await Assert.ThrowsAsync<MlOpsException>(() => Store.OpenReadAsync(S3Uri.Parse($"s3://{Bucket}/stream/missing.tar.gz")));

        Assert.Equal("NoSuchKey", error.ErrorCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task ExistsAsync_MissingBucket_ThrowsWithS3ErrorCode()
    {
        var error = await Assert.ThrowsAsync<MlOpsException>(() => ToListAsync(Store.ListAsync(S3Uri.Parse("s3://no-such-bucket/x/"))));

        Assert.Equal("NoSuchBucket", error.ErrorCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, error.StatusCode);
    }

    private string WriteFile(string relative, int size)
    {
        var path = Path.Combine(_work, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var bytes = new byte[size];
        new Random(size).NextBytes(bytes);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }
}
