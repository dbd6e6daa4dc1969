using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Sdk.Aws;
using MlOps.Sdk.Storage;
using MlOps.Sdk.Tests.Fixtures;

namespace MlOps.Sdk.Tests.LocalWire;

/// <summary>The S3 subset over the local buckets, driven by boto3's transfer manager, the AWS CLI and the SDK's own S3ArtifactStore.</summary>
public sealed class LocalWireS3Tests(LocalWireFixture fixture) : IClassFixture<LocalWireFixture>
{
    private const string Bucket = "wire-s3";
    private const int BigFileBytes = 12 * 1024 * 1024;

    [Fact]
    public async Task UploadFile_Boto3BelowMultipartThreshold_ObjectIsTheFileInTheLocalBucket()
    {
        var file = await BigFileAsync("upload.bin");

        var result = await fixture.Tools.Boto3Async($$"""
            from boto3.s3.transfer import TransferConfig
            s3 = session.client("s3")
            s3.create_bucket(Bucket="{{Bucket}}")
            events = []
            s3.meta.events.register("before-call.s3.UploadPart", lambda **kwargs: events.append("part"))
            s3.upload_file({{JsonSerializer.Serialize(file)}}, "{{Bucket}}", "models/upload.bin",
                           Config=TransferConfig(multipart_threshold=5 * 1024 * 1024, multipart_chunksize=5 * 1024 * 1024, use_threads=False))
            print(json.dumps({"parts": len(events)}))
            """);
        var stored = fixture.Home.Store.GetLocalPath(S3Uri.Create(Bucket, "models/upload.bin"));

        Assert.Equal(3, result.Json().GetProperty("parts").GetInt32());
        Assert.Equal(Sha256(file), Sha256(stored));
    }

    [Fact]
    public async Task DownloadFile_Boto3RangedParts_BytesMatchObjectTheSdkWrote()
    {
        var source = await BigFileAsync("local-source.bin");
        await fixture.Home.Store.UploadFileAsync(source, S3Uri.Create(Bucket, "data/local-source.bin"));
        var target = Path.Combine(fixture.Home.Home, "downloaded.bin");

        var result = await fixture.Tools.Boto3Async($$"""
            from boto3.s3.transfer import TransferConfig
            s3 = session.client("s3")
            ranges = []
            s3.meta.events.register("before-parameter-build.s3.GetObject", lambda params, **kwargs: ranges.append(params.get("Range")))
            s3.download_file("{{Bucket}}", "data/local-source.bin", {{JsonSerializer.Serialize(target)}},
                             Config=TransferConfig(multipart_threshold=5 * 1024 * 1024, multipart_chunksize=5 * 1024 * 1024, use_threads=False))
            print(json.dumps({"ranged": sum(1 for r in ranges if r)}))
            """);

        Assert.Equal(3, result.Json().GetProperty("ranged").GetInt32());
        Assert.Equal(Sha256(source), Sha256(target));
    }

    [Fact]
    public async Task ListObjectsV2_AwsCliWithDelimiter_ListsKeysAndCommonPrefixes()
    {
        await WriteAsync("list/a.txt", "a");
        await WriteAsync("list/sub/b.txt", "b");
        await WriteAsync("list/sub/c.txt", "c");

        var listing = (await fixture.Tools.AwsAsync("s3api", "list-objects-v2", "--bucket", Bucket, "--prefix", "list/", "--delimiter", "/")).Json();

        Assert.Equal(["list/a.txt"], listing.GetProperty("Contents").EnumerateArray().Select(o => o.GetProperty("Key").GetString()));
        Assert.Equal(1, listing.GetProperty("Contents")[0].GetProperty("Size").GetInt32());
        Assert.Equal(["list/sub/"], listing.GetProperty("CommonPrefixes").EnumerateArray().Select(p => p.GetProperty("Prefix").GetString()));
    }

    [Fact]
    public async Task ListObjectsV2_Boto3PaginatorPageSizeOne_SeesEveryKeyOnce()
    {
        await WriteAsync("pages/1", "1");
        await WriteAsync("pages/2", "2");
        await WriteAsync("pages/3", "3");

        var result = await fixture.Tools.Boto3Async($$"""
            pages = list(session.client("s3").get_paginator("list_objects_v2").paginate(Bucket="{{Bucket}}", Prefix="pages/", PaginationConfig={"PageSize": 1}))
            print(json.dumps([o["Key"] for p in pages for o in p.get("Contents", [])]))
            """);

        Assert.Equal(["pages/1", "pages/2", "pages/3"], result.Json().EnumerateArray().Select(k => k.GetString()));
    }

    [Fact]
    public async Task GetObject_MissingKeyAndBucket_Boto3SeesNoSuchKeyAndNoSuchBucket404()
    {
        await WriteAsync("exists.txt", "x");

        var result = await fixture.Tools.Boto3Async($$"""
            from botocore.exceptions import ClientError
            s3 = session.client("s3")
            def error(**params):
                try:
                    s3.get_object(**params)
                except ClientError as e:
                    return [e.response["Error"]["Code"], e.response["ResponseMetadata"]["HTTPStatusCode"]]
            print(json.dumps([error(Bucket="{{Bucket}}", Key="missing.txt"), error(Bucket="no-such-bucket-here", Key="x")]))
            """);

        var answer = result.Json();
        Assert.Equal("NoSuchKey", answer[0][0].GetString());
        Assert.Equal(404, answer[0][1].GetInt32());
        Assert.Equal("NoSuchBucket", answer[1][0].GetString());
        Assert.Equal(404, answer[1][1].GetInt32());
    }

    [Fact]
    public async Task CompleteMultipartUpload_SmallPartBeforeLast_Boto3SeesEntityTooSmall()
    {
        await WriteAsync("placeholder", "x");

        var result = await fixture.Tools.Boto3Async($$"""
            from botocore.exceptions import ClientError
            s3 = session.client("s3")
            upload = s3.create_multipart_upload(Bucket="{{Bucket}}", Key="small-parts.bin")["UploadId"]
            parts = [{"PartNumber": n, "ETag": s3.upload_part(Bucket="{{Bucket}}", Key="small-parts.bin", UploadId=upload, PartNumber=n, Body=b"tiny")["ETag"]} for n in (1, 2)]
            try:
                s3.complete_multipart_upload(Bucket="{{Bucket}}", Key="small-parts.bin", UploadId=upload, MultipartUpload={"Parts": parts})
                print(json.dumps(None))
            except ClientError as e:
                print(json.dumps(e.response["Error"]["Code"]))
            """);

        Assert.Equal("EntityTooSmall", result.Json().GetString());
        Assert.False(File.Exists(fixture.Home.Store.GetLocalPath(S3Uri.Create(Bucket, "small-parts.bin"))));
    }

    [Fact]
    public async Task ListObjectsV2_UnsignedRequest_AccessDenied403()
    {
        await WriteAsync("private.txt", "x");

        var result = await fixture.Tools.Boto3Async($$"""
            from botocore import UNSIGNED
            from botocore.exceptions import ClientError
            try:
                session.client("s3", config=Config(signature_version=UNSIGNED)).list_objects_v2(Bucket="{{Bucket}}")
                print(json.dumps(None))
            except ClientError as e:
                print(json.dumps([e.response["Error"]["Code"], e.response["ResponseMetadata"]["HTTPStatusCode"]]))
            """);

        var answer = result.Json();
        Assert.Equal("AccessDenied", answer[0].GetString());
        Assert.Equal(403, answer[1].GetInt32());
    }

    [Fact]
    public async Task S3ArtifactStore_AwsModeAgainstServer_UploadsAboveMultipartSizeListsDownloadsAndDeletes()
    {
        Directory.CreateDirectory(fixture.Home.Store.GetBucketPath(Bucket));
        using var host = new AwsTestHost(fixture.Server.BaseAddress, new RecordingHandler(), TimeProvider.System, configure: services =>
            services.Configure<AwsOptions>(o => o.MultipartPartSize = 5 * 1024 * 1024));
        var store = host.Artifacts;
        var source = await BigFileAsync("adapter.bin");
        var uri = S3Uri.Create(Bucket, "adapter/model.bin");
        var target = Path.Combine(fixture.Home.Home, "adapter-back.bin");

        await store.UploadFileAsync(source, uri);
        var listed = new List<string>();
        await foreach (var item in store.ListAsync(S3Uri.Create(Bucket, "adapter/")))
        {
            listed.Add($"{item.Uri.Key}:{item.Size}");
        }

        await store.DownloadFileAsync(uri, target);
        await store.DeleteAsync(uri);

        Assert.Equal([$"adapter/model.bin:{BigFileBytes}"], listed);
        Assert.Equal(Sha256(source), Sha256(target));
        Assert.False(await store.ExistsAsync(uri));
    }

    private async Task WriteAsync(string key, string text)
    {
        var file = Path.Combine(fixture.Home.Home, "s3-" + Guid.NewGuid().ToString("N"));
        await File.WriteAllTextAsync(file, text);
        await fixture.Home.Store.UploadFileAsync(file, S3Uri.Create(Bucket, key));
    }

    private async Task<string> BigFileAsync(string name)
    {
        var path = Path.Combine(fixture.Home.Home, name);
        var bytes = new byte[BigFileBytes];
        new Random(name.Length).NextBytes(bytes);
        await File.WriteAllBytesAsync(path, bytes);
        return path;
    }

    private static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexString(SHA256.HashData(stream));
    }
}
