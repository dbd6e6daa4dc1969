using System.Buffers;
using System.IO.Compression;

namespace MlOps.Sdk.Packaging;

/// <summary>
/// One chunk of an entry's bytes and its deflate blocks, compressed on its own: no dictionary from the chunk before, and
/// ended by a sync flush, so the blocks of consecutive chunks concatenate into one valid deflate stream.
/// </summary>
internal sealed class DeflateChunk : IDisposable
{
    private readonly MemoryStream _compressed;

    public DeflateChunk(int capacity)
    {
        Input = ArrayPool<byte>.Shared.Rent(capacity);

        // Incompressible input grows by a few bytes per 16 KiB block; the margin saves a reallocation for it.
        _compressed = new MemoryStream(capacity + (capacity / 64) + 64);
    }

    /// <summary>The chunk's uncompressed bytes (the first <see cref="Length"/> of them).</summary>
    public byte[] Input { get; }

    public int Length { get; private set; }

    /// <summary>Set by whoever compresses the chunk, on any thread; waited on by the writer.</summary>
    public ManualResetEventSlim Compressed { get; } = new(initialState: false);

    public Exception? Failure { get; private set; }

    public void Fill(byte[] buffer, int length)
    {
        Buffer.BlockCopy(buffer, 0, Input, 0, length);
        Length = length;
        Failure = null;
        Compressed.Reset();
    }

    public void Compress(CompressionLevel level)
    {
        try
        {
            _compressed.SetLength(0);
            using var deflate = new DeflateStream(_compressed, level, leaveOpen: true);
            deflate.Write(Input, 0, Length);

            // Flush is zlib's Z_SYNC_FLUSH: every byte given so far comes out, ending on a byte boundary with an empty
            // stored block. What Dispose adds after it is the final block, which only the entry's end may have, so the
            // length is taken here and the rest is never written out.
            deflate.Flush();
            CompressedLength = (int)_compressed.Length;
        }
        catch (Exception error)
        {
            Failure = error;
        }
        finally
        {
            Compressed.Set();
        }
    }

    public int CompressedLength { get; private set; }

    /// <summary>Writes the chunk's deflate blocks; call after <see cref="Compressed"/> is set.</summary>
    public void WriteTo(Stream output)
    {
        if (Failure is not null)
        {
            throw new InvalidOperationException("Deflate failed on its thread", Failure);
        }

        output.Write(_compressed.GetBuffer(), 0, CompressedLength);
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(Input);
        _compressed.Dispose();
        Compressed.Dispose();
    }
}
