using System.Security.Cryptography;
using MlOps.Sdk.Packaging;

namespace MlOps.Sdk.Tests.Packaging;

public sealed class BackgroundSha256Tests
{
    private const int BufferSize = 4096;

    [Fact]
    public void Finish_ManyFullChunksThenAShortOne_EqualsSha256OfTheWholeInput()
    {
        var data = RandomNumberGenerator.GetBytes((BufferSize * 37) + 1234);
        using var hasher = new BackgroundSha256(BufferSize);

        for (var offset = 0; offset < data.Length; offset += BufferSize)
        {
            var buffer = hasher.TakeBuffer(CancellationToken.None);
            var length = Math.Min(BufferSize, data.Length - offset);
            data.AsSpan(offset, length).CopyTo(buffer);
            hasher.Append(buffer, length);
        }

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(data)), hasher.Finish());
    }

    [Fact]
    public void ReadToEnd_StreamOfSeveralChunks_GivesEveryByteInOrderAndItsSha256()
    {
        var data = RandomNumberGenerator.GetBytes((BufferSize * 9) + 17);
        using var hasher = new BackgroundSha256(BufferSize);
        using var seen = new MemoryStream();

        var size = hasher.ReadToEnd(new MemoryStream(data), (buffer, length) => seen.Write(buffer, 0, length), CancellationToken.None);

        Assert.Equal(data.Length, size);
        Assert.Equal(data, seen.ToArray());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(data)), hasher.Finish());
    }

    [Fact]
    public void Finish_OneShortChunk_EqualsSha256OfIt()
    {
        var data = "alpha\n"u8.ToArray();
        using var hasher = new BackgroundSha256(BufferSize);
        var buffer = hasher.TakeBuffer(CancellationToken.None);
        data.CopyTo(buffer, 0);

        hasher.Append(buffer, data.Length);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(data)), hasher.Finish());
    }

    [Fact]
    public void Finish_ShortChunkHashedBeforeTheThreadThenFullChunks_EqualsSha256OfTheWholeInput()
    {
        // The short chunk is hashed on the caller's thread and its buffer kept aside; the first full chunk starts the
        // thread, and the buffer kept aside must join the thread's queue of free buffers, neither lost nor given twice.
        var data = RandomNumberGenerator.GetBytes(100 + (BufferSize * 11));
        using var hasher = new BackgroundSha256(BufferSize);
        var first = hasher.TakeBuffer(CancellationToken.None);
        var second = hasher.TakeBuffer(CancellationToken.None);
        data.AsSpan(0, 100).CopyTo(first);
        hasher.Append(first, 100);
        data.AsSpan(100, BufferSize).CopyTo(second);
        hasher.Append(second, BufferSize);

        for (var offset = 100 + BufferSize; offset < data.Length; offset += BufferSize)
        {
            var buffer = hasher.TakeBuffer(CancellationToken.None);
            data.AsSpan(offset, BufferSize).CopyTo(buffer);
            hasher.Append(buffer, BufferSize);
        }

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(data)), hasher.Finish());
    }

    [Fact]
    public void Finish_NothingAppended_EqualsSha256OfEmptyInput()
    {
        using var hasher = new BackgroundSha256(BufferSize);

        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", hasher.Finish());
    }

    [Fact]
    public void TakeBuffer_EveryBufferTakenAndCancelled_ThrowsInsteadOfWaiting()
    {
        using var hasher = new BackgroundSha256(BufferSize);
        for (var i = 0; i < BackgroundSha256.BufferCount; i++)
        {
            hasher.TakeBuffer(CancellationToken.None);
        }

        Assert.Throws<OperationCanceledException>(() => hasher.TakeBuffer(new CancellationToken(canceled: true)));
    }

    [Fact]
    public void TakeBuffer_AfterEveryBufferWasHashed_ReusesThemWithoutGrowing()
    {
        using var hasher = new BackgroundSha256(BufferSize);
        var seen = new HashSet<byte[]>(ReferenceEqualityComparer.Instance);

        for (var i = 0; i < BackgroundSha256.BufferCount * 10; i++)
        {
            var buffer = hasher.TakeBuffer(CancellationToken.None);
            seen.Add(buffer);
            hasher.Append(buffer, BufferSize);
        }

        hasher.Finish();
        Assert.True(seen.Count <= BackgroundSha256.BufferCount, $"{seen.Count} buffers were used");
    }

    [Fact]
    public void Dispose_WithChunksStillQueued_ReturnsWithoutFinish()
    {
        var hasher = new BackgroundSha256(BufferSize);
        for (var i = 0; i < BackgroundSha256.BufferCount; i++)
        {
            hasher.Append(hasher.TakeBuffer(CancellationToken.None), BufferSize);
        }

        hasher.Dispose();

        Assert.Throws<ObjectDisposedException>(() => hasher.TakeBuffer(CancellationToken.None));
    }
}
