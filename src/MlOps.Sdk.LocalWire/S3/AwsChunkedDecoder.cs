using System.Globalization;
using System.Text;

namespace MlOps.Sdk.LocalWire.S3;

/// <summary>
/// Reads S3's <c>aws-chunked</c> content encoding (<c>x-amz-content-sha256: STREAMING-...</c>): chunks of
/// <c>&lt;hex size&gt;[;chunk-signature=...]\r\n&lt;bytes&gt;\r\n</c>, a zero-size chunk, then trailer lines such as
/// <c>x-amz-checksum-crc32:...</c>. The AWS SDKs send uploads this way; the object is the chunks' bytes. Chunk signatures
/// and trailing checksums are read past, not verified (the server checks no signature).
/// </summary>
internal static class AwsChunkedDecoder
{
    private const int MaxLineLength = 4096;

    /// <summary>Whether a request's body is aws-chunked.</summary>
    /// <param name="contentSha256">The <c>x-amz-content-sha256</c> header.</param>
    /// <param name="contentEncoding">The <c>Content-Encoding</c> header.</param>
    /// <returns><see langword="true"/> for an aws-chunked body.</returns>
    public static bool IsChunked(string? contentSha256, string? contentEncoding) =>
        (contentSha256?.StartsWith("STREAMING-", StringComparison.Ordinal) ?? false)
        || (contentEncoding?.Contains("aws-chunked", StringComparison.OrdinalIgnoreCase) ?? false);

    /// <summary>Copies the decoded bytes of <paramref name="input"/> to <paramref name="output"/>.</summary>
    /// <param name="input">The request body.</param>
    /// <param name="output">Receives the object's bytes.</param>
    /// <param name="cancellationToken">Cancels the copy.</param>
    /// <returns>A task that completes once the last chunk and the trailers are read.</returns>
    public static async Task CopyAsync(Stream input, Stream output, CancellationToken cancellationToken)
    {
        var reader = new BufferedStream(input, 64 * 1024);
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var header = await ReadLineAsync(reader, cancellationToken).ConfigureAwait(false)
                ?? throw Malformed("the body ended before its last chunk");
            var sizeText = header.Split(';', 2)[0].Trim();
            if (!long.TryParse(sizeText, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size) || size < 0)
            {
                throw Malformed($"a chunk header is not a hexadecimal size: '{header}'");
            }

            if (size == 0)
            {
                // Trailers (x-amz-checksum-*, x-amz-trailer-signature) up to the empty line or the end of the body.
                while (!string.IsNullOrEmpty(await ReadLineAsync(reader, cancellationToken).ConfigureAwait(false)))
                {
                }

                return;
            }

            var left = size;
            while (left > 0)
            {
                var read = await reader.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    throw Malformed("the body ended inside a chunk");
                }

                await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                left -= read;
            }

            if (await ReadLineAsync(reader, cancellationToken).ConfigureAwait(false) is not "")
            {
                throw Malformed("a chunk is longer than its header says");
            }
        }
    }

    private static async Task<string?> ReadLineAsync(Stream stream, CancellationToken cancellationToken)
    {
        var line = new StringBuilder();
        var one = new byte[1];
        while (true)
        {
            if (await stream.ReadAsync(one, cancellationToken).ConfigureAwait(false) == 0)
            {
                return line.Length == 0 ? null : line.ToString();
            }

            if (one[0] == '\n')
            {
                return line.ToString().TrimEnd('\r');
            }

            if (line.Length >= MaxLineLength)
            {
                throw Malformed("a chunk header or trailer line is too long");
            }

            line.Append((char)one[0]);
        }
    }

    private static S3ErrorException Malformed(string problem) =>
        new(S3Errors.InvalidArgument($"The aws-chunked request body is malformed: {problem}."));
}
