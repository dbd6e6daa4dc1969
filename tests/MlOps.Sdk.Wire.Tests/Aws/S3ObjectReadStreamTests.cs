using Amazon.S3.Model;
using MlOps.Sdk.Aws;

namespace MlOps.Sdk.Tests.Aws;

/// <summary>A GetObject body read as a stream: its length from Content-Length, and a body cut short is an error.</summary>
public sealed class S3ObjectReadStreamTests
{
    [Fact]
    public void Read_WholeBody_ReturnsItAndThenZero()
    {
        using var stream = new S3ObjectReadStream(Response(body: [1, 2, 3], contentLength: 3));
        var buffer = new byte[8];

        var first = stream.ReadAtLeast(buffer, 8, throwOnEndOfStream: false);

        Assert.Equal(3, first);
        Assert.Equal(0, stream.Read(buffer, 0, buffer.Length));
        Assert.Equal(3, stream.Length);
    }

    [Fact]
    public void Read_BodyShorterThanContentLength_ThrowsIOException()
    {
        using var stream = new S3ObjectReadStream(Response(body: [1, 2, 3], contentLength: 10));
        var buffer = new byte[8];

        var error = Assert.Throws<IOException>(() => stream.ReadAtLeast(buffer, 8, throwOnEndOfStream: false));

        Assert.Contains("ended after 3 of its 10 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Seek_AnyOffset_IsRefused()
    {
        using var stream = new S3ObjectReadStream(Response(body: [1], contentLength: 1));

        Assert.False(stream.CanSeek);
        Assert.Throws<NotSupportedException>(() => stream.Seek(0, SeekOrigin.Begin));
    }

    private static GetObjectResponse Response(byte[] body, long contentLength) => new()
    {
        BucketName = "mlops-artifacts",
        Key = "churn/model.tar.gz",
        ResponseStream = new MemoryStream(body),
        ContentLength = contentLength,
    };
}
