using System.IO.Compression;
using MlOps.Sdk.Packaging;

namespace MlOps.Sdk.Tests.Packaging;

public sealed class ParallelDeflaterTests
{
    private const int ChunkSize = 64 * 1024;

    // Words drawn from a small vocabulary: compressible, with matches that cross every chunk boundary.
    private static byte[] Text(int length, int seed)
    {
        var random = new Random(seed);
        string[] words = ["model", "endpoint", "variant", "weights", "epoch", "loss", "0.125", "-3.5e-2", "\n", " "];
        var bytes = new byte[length];
        var at = 0;
        while (at < length)
        {
            var word = System.Text.Encoding.ASCII.GetBytes(words[random.Next(words.Length)] + " ");
            var take = Math.Min(word.Length, length - at);
            word.AsSpan(0, take).CopyTo(bytes.AsSpan(at));
            at += take;
        }

        return bytes;
    }

    private static byte[] Deflate(byte[] data, int threadCount, long expectedLength)
    {
        using var output = new MemoryStream();
        using var deflater = new ParallelDeflater(CompressionLevel.Optimal, ChunkSize, threadCount, CancellationToken.None);
        deflater.Begin(output, expectedLength);
        var buffer = new byte[ChunkSize];
        for (var offset = 0; offset < data.Length; offset += ChunkSize)
        {
            var length = Math.Min(ChunkSize, data.Length - offset);
            data.AsSpan(offset, length).CopyTo(buffer);
            deflater.Add(buffer, length);

            // The deflater keeps its own copy: scribbling over the caller's buffer must not reach the output.
            buffer.AsSpan().Fill(0xEE);
        }

        var written = deflater.Complete();
        Assert.Equal(output.Length, written);
        return output.ToArray();
    }

    private static byte[] Inflate(byte[] compressed)
    {
        using var inflate = new DeflateStream(new MemoryStream(compressed), CompressionMode.Decompress);
        using var result = new MemoryStream();
        inflate.CopyTo(result);
        return result.ToArray();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(ChunkSize)]
    [InlineData(ChunkSize * 3)]
    [InlineData((ChunkSize * 5) + 77)]
    public void Complete_ManyThreads_InflatesToTheInput(int length)
    {
        var data = Text(length, seed: length);

        var compressed = Deflate(data, threadCount: 4, expectedLength: length);

        Assert.Equal(data, Inflate(compressed));
    }

    [Fact]
    public void Complete_AnyThreadCount_GivesTheSameBytes()
    {
        var data = Text((ChunkSize * 9) + 5, seed: 9);

        var oneThread = Deflate(data, threadCount: 1, expectedLength: data.Length);
        var threeThreads = Deflate(data, threadCount: 3, expectedLength: data.Length);

        Assert.Equal(oneThread, threeThreads);
    }

    [Fact]
    public void Complete_ListedLengthShorterThanTheEntry_GivesTheSameBytesAsTheTrueLength()
    {
        // The listed length only chooses between the caller's thread and the pool of threads; the output never depends on it.
        var data = Text((ChunkSize * 4) + 11, seed: 4);

        var listedShort = Deflate(data, threadCount: 2, expectedLength: 10);
        var listedTrue = Deflate(data, threadCount: 2, expectedLength: data.Length);

        Assert.Equal(listedTrue, listedShort);
    }

    [Fact]
    public void Complete_SeveralEntriesInTurn_EachInflatesToItsOwnInput()
    {
        var first = Text((ChunkSize * 3) + 1, seed: 1);
        var second = Text(100, seed: 2);
        using var deflater = new ParallelDeflater(CompressionLevel.Optimal, ChunkSize, 2, CancellationToken.None);

        byte[] One(byte[] data)
        {
            using var output = new MemoryStream();
            deflater.Begin(output, data.Length);
            for (var offset = 0; offset < data.Length; offset += ChunkSize)
            {
                var length = Math.Min(ChunkSize, data.Length - offset);
                deflater.Add(data[offset..(offset + length)], length);
            }

            deflater.Complete();
            return output.ToArray();
        }

        var firstCompressed = One(first);
        var secondCompressed = One(second);

        Assert.Equal(first, Inflate(firstCompressed));
        Assert.Equal(second, Inflate(secondCompressed));
    }

    [Fact]
    public void Add_ChunkLongerThanTheChunkSize_IsRefused()
    {
        using var deflater = new ParallelDeflater(CompressionLevel.Optimal, ChunkSize, 2, CancellationToken.None);
        deflater.Begin(new MemoryStream(), ChunkSize * 2);

        Assert.Throws<ArgumentOutOfRangeException>(() => deflater.Add(new byte[ChunkSize + 1], ChunkSize + 1));
    }
}
