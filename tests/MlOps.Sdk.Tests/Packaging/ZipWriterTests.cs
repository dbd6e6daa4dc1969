using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using MlOps.Sdk.Packaging;

namespace MlOps.Sdk.Tests.Packaging;

public sealed class ZipWriterTests : IDisposable
{
    private const int ChunkSize = 64 * 1024;
    private const int Attributes = unchecked((int)0x81A40000);
    private static readonly DateTime Time = new(2026, 12, 7, 23, 15, 42);

    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static void WriteEntry(ZipWriter zip, string name, bool deflate, byte[] data, long? listedLength = null)
    {
        var entry = zip.BeginEntry(name, deflate, Time, Attributes, listedLength ?? data.Length);
        for (var offset = 0; offset < data.Length; offset += ChunkSize)
        {
            var length = Math.Min(ChunkSize, data.Length - offset);
            entry.Write(data[offset..(offset + length)], length);
        }

        entry.Complete();
    }

    private static byte[] Read(ZipArchiveEntry entry)
    {
        using var content = entry.Open();
        using var copy = new MemoryStream();
        content.CopyTo(copy);
        return copy.ToArray();
    }

    [Fact]
    public void Finish_StoredAndDeflatedEntries_ReadBackWithTheirContentTimeAndAttributes()
    {
        var text = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("loss=0.125 epoch=3\n", 20_000)));
        var random = new byte[(ChunkSize * 2) + 9];
        new Random(3).NextBytes(random);
        using var stream = new MemoryStream();
        using (var zip = new ZipWriter(stream, CompressionLevel.Optimal, ChunkSize, CancellationToken.None))
        {
            WriteEntry(zip, "logs/train.log", deflate: true, text);
            WriteEntry(zip, "model/model.tar.gz", deflate: false, random);
            WriteEntry(zip, "empty.txt", deflate: true, []);
            zip.Finish();
        }

        stream.Position = 0;
        using var archive = new ZipArchive(stream, ZipArchiveMode.Read);
        Assert.Equal(["logs/train.log", "model/model.tar.gz", "empty.txt"], archive.Entries.Select(e => e.FullName));
        Assert.Equal(text, Read(archive.Entries[0]));
        Assert.True(archive.Entries[0].CompressedLength < text.Length / 10);
        Assert.Equal(random, Read(archive.Entries[1]));
        Assert.Equal(random.Length, archive.Entries[1].CompressedLength);
        Assert.Empty(Read(archive.Entries[2]));
        Assert.All(archive.Entries, e => Assert.Equal(Time, e.LastWriteTime.DateTime));
        Assert.All(archive.Entries, e => Assert.Equal(Attributes, e.ExternalAttributes));
    }

    [Fact]
    public void BeginEntry_NonAsciiName_IsReadBackByItsUtf8Name()
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipWriter(stream, CompressionLevel.Optimal, ChunkSize, CancellationToken.None))
        {
            WriteEntry(zip, "docs/résumé-模型.md", deflate: true, "hi"u8.ToArray());
            zip.Finish();
        }

        stream.Position = 0;
        using var archive = new ZipArchive(stream, ZipArchiveMode.Read);
        Assert.Equal("docs/résumé-模型.md", Assert.Single(archive.Entries).FullName);
    }

    [Fact]
    public void BeginEntry_ListedAt2GiBOrMore_ReservesZip64SizesThatReadersAccept()
    {
        // The local header is written before the data, so a long listed length reserves 64-bit sizes there.
        var data = "a model far smaller than listed"u8.ToArray();
        using var stream = new MemoryStream();
        using (var zip = new ZipWriter(stream, CompressionLevel.Optimal, ChunkSize, CancellationToken.None))
        {
            WriteEntry(zip, "model.bin", deflate: true, data, listedLength: 3L * 1024 * 1024 * 1024);
            zip.Finish();
        }

        var bytes = stream.ToArray();
        Assert.Equal(45, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(4)));
        Assert.Equal(uint.MaxValue, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(18)));
        Assert.Equal(20, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(28)));
        stream.Position = 0;
        using var archive = new ZipArchive(stream, ZipArchiveMode.Read);
        var entry = Assert.Single(archive.Entries);
        Assert.Equal(data.Length, entry.Length);
        Assert.Equal(data, Read(entry));
    }

    [Fact]
    public void Finish_65535Entries_WritesZip64EndRecordsThatReadersAccept()
    {
        const int count = ushort.MaxValue;
        using var stream = new MemoryStream();
        using (var zip = new ZipWriter(stream, CompressionLevel.Optimal, ChunkSize, CancellationToken.None))
        {
            for (var i = 0; i < count; i++)
            {
                WriteEntry(zip, $"f/{i}", deflate: false, []);
            }

            zip.Finish();
        }

        var bytes = stream.ToArray();
        var end = bytes.AsSpan(bytes.Length - 22);
        Assert.Equal(ushort.MaxValue, BinaryPrimitives.ReadUInt16LittleEndian(end[10..]));
        Assert.Equal(0x07064b50u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(bytes.Length - 22 - 20)));
        stream.Position = 0;
        using var archive = new ZipArchive(stream, ZipArchiveMode.Read);
        Assert.Equal(count, archive.Entries.Count);
        Assert.Equal("f/65534", archive.Entries[^1].FullName);
    }

    [Fact]
    public void Finish_EntriesPast4GiB_RecordsTheirOffsetsInZip64()
    {
        // A sparse 4 GiB gap before the entries: offsets are counted from the file's start, so theirs need 64 bits.
        var path = _temp.Combine("past-4gib.zip");
        var data = "after the gap"u8.ToArray();
        using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite))
        {
            file.Position = (4L * 1024 * 1024 * 1024) + 1;
            using var zip = new ZipWriter(file, CompressionLevel.Optimal, ChunkSize, CancellationToken.None);
            WriteEntry(zip, "late.txt", deflate: true, data);
            zip.Finish();
        }

        using var archive = ZipFile.OpenRead(path);
        var entry = Assert.Single(archive.Entries);
        Assert.Equal(data, Read(entry));
    }

    [Fact]
    public void BeginEntry_WhileAnotherIsOpen_IsRefused()
    {
        using var stream = new MemoryStream();
        using var zip = new ZipWriter(stream, CompressionLevel.Optimal, ChunkSize, CancellationToken.None);
        zip.BeginEntry("first", deflate: true, Time, Attributes, 0);

        var error = Assert.Throws<InvalidOperationException>(() => zip.BeginEntry("second", deflate: true, Time, Attributes, 0));

        Assert.Contains("'first'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1979, 12, 31, 0x0000, 0x0021)]
    [InlineData(2026, 12, 7, 0xBBF5, 0x5D87)]
    [InlineData(2108, 1, 1, 0xBF7D, 0xFF9F)]
    public void DosDateTime_AnyClockTime_IsClampedToTheDosRange(int year, int month, int day, int time, int date)
    {
        var (dosTime, dosDate) = ZipWriter.DosDateTime(new DateTime(year, month, day, 23, 31, 42));

        Assert.Equal((time, date), (dosTime, dosDate));
    }
}
