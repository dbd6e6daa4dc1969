using Amazon.S3.Model;

namespace MlOps.Sdk.Aws;

/// <summary>
/// The body of one GetObject response as a forward-only stream that knows its length (the response's
/// <c>Content-Length</c>) and closes the response with it.
/// </summary>
/// <remarks>
/// AWSSDK's own response stream is a chain of wrappers (checksum validation, HTTP content) whose <c>Length</c> is not
/// always supported; the packager needs it before the first byte to size the zip and report progress.
/// </remarks>
internal sealed class S3ObjectReadStream : Stream
{
    private readonly GetObjectResponse _response;
    private readonly Stream _body;
    private long _position;

    public S3ObjectReadStream(GetObjectResponse response)
    {
        _response = response;
        _body = response.ResponseStream;
        Length = response.ContentLength;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length { get; }

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException("an S3 object is read from its start to its end");
    }

    public override int Read(byte[] buffer, int offset, int count) => Advance(_body.Read(buffer, offset, count), count);

    public override int Read(Span<byte> buffer) => Advance(_body.Read(buffer), buffer.Length);

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Advance(await _body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false), buffer.Length);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("an S3 object is read from its start to its end");

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _body.Dispose();
            _response.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Advance(int read, int requested)
    {
        // A body that ends before Content-Length is a dropped connection, not the end of the object: a short model in
        // a release would pass every later check, since its SHA-256 is computed from the bytes that arrived.
        if (read == 0 && requested > 0 && _position < Length)
        {
            throw new IOException($"the S3 object {_response.BucketName}/{_response.Key} ended after {_position} of its {Length} bytes");
        }

        _position += read;
        return read;
    }
}
