using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace MlOps.Sdk.Packaging;

/// <summary>
/// Writes a zip (PKWARE APPNOTE 6.3, Zip64 where sizes or offsets need it) to a seekable stream, one entry at a time,
/// with its deflate spread over the cores by <see cref="ParallelDeflater"/>. The same entries give the same bytes.
/// </summary>
/// <remarks>
/// <see cref="ZipArchive"/> deflates each entry on one core and takes no deflate data from outside, so it cannot be
/// fed independently compressed chunks. Sizes and CRCs are patched into each local header once the entry is written
/// (no data descriptors), as <see cref="ZipArchive"/> does on a seekable stream, which every reader handles.
/// </remarks>
internal sealed class ZipWriter : IDisposable
{
    internal const ushort MadeByUnix = 3 << 8;

    private const uint LocalHeaderSignature = 0x04034b50;
    private const uint CentralHeaderSignature = 0x02014b50;
    private const uint Zip64EndSignature = 0x06064b50;
    private const uint Zip64LocatorSignature = 0x07064b50;
    private const uint EndSignature = 0x06054b50;
    private const ushort Zip64ExtraTag = 0x0001;
    private const ushort Utf8NameFlag = 0x0800;
    private const ushort StoredMethod = 0;
    private const ushort DeflateMethod = 8;
    private const ushort VersionStored = 10;
    private const ushort VersionDeflate = 20;
    private const ushort VersionZip64 = 45;
    private const long Zip32Limit = uint.MaxValue;

    // An entry listed this long or longer reserves Zip64 sizes in its local header, which is written before its data:
    // deflate can come out a little longer than its input, and a stream may deliver more than it was listed at.
    private const long Zip64LocalThreshold = Zip32Limit / 2;

    private readonly Stream _output;
    private readonly ParallelDeflater _deflater;
    private readonly List<ZipCentralRecord> _entries = [];
    private readonly byte[] _scratch = new byte[128];
    private ZipEntryWriter? _open;

    /// <param name="output">A seekable, writable stream positioned where the zip starts (its first byte).</param>
    /// <param name="deflateLevel">The level of every deflated entry.</param>
    /// <param name="chunkSize">The deflate chunk: part of the format of the output, so fixed for reproducible zips.</param>
    /// <param name="cancellationToken">Stops waits on the deflate threads.</param>
    public ZipWriter(Stream output, CompressionLevel deflateLevel, int chunkSize, CancellationToken cancellationToken)
    {
        if (!output.CanSeek || !output.CanWrite)
        {
            throw new ArgumentException("The zip needs a seekable, writable stream", nameof(output));
        }

        _output = output;
        _deflater = new ParallelDeflater(deflateLevel, chunkSize, Environment.ProcessorCount, cancellationToken);
    }

    /// <summary>Writes an entry's local header and returns the writer of its data; one entry is open at a time.</summary>
    /// <param name="name">The entry's path inside the zip, '/'-separated.</param>
    /// <param name="deflate">Whether to deflate it; otherwise it is stored as it is.</param>
    /// <param name="lastWriteTime">Its clock time, recorded as a DOS date and time (1980-2107, 2-second steps).</param>
    /// <param name="externalAttributes">Its external attributes (a Unix mode in the high 16 bits).</param>
    /// <param name="expectedLength">Its length as listed, which decides Zip64 in the local header and deflate threads.</param>
    public ZipEntryWriter BeginEntry(string name, bool deflate, DateTime lastWriteTime, int externalAttributes, long expectedLength)
    {
        if (_open is not null)
        {
            throw new InvalidOperationException($"Complete entry '{_open.Name}' before starting '{name}'");
        }

        var nameBytes = Encoding.UTF8.GetBytes(name);
        if (nameBytes.Length > ushort.MaxValue)
        {
            throw new ArgumentException($"A zip entry name holds at most {ushort.MaxValue} bytes", nameof(name));
        }

        var zip64Local = expectedLength >= Zip64LocalThreshold;
        var (dosTime, dosDate) = DosDateTime(lastWriteTime);
        var header = new ZipCentralRecord(
            nameBytes,
            zip64Local ? VersionZip64 : deflate ? VersionDeflate : VersionStored,
            Ascii.IsValid(name) ? (ushort)0 : Utf8NameFlag,
            deflate ? DeflateMethod : StoredMethod,
            dosTime,
            dosDate,
            Crc32: 0,
            CompressedSize: 0,
            UncompressedSize: 0,
            LocalHeaderOffset: _output.Position,
            externalAttributes,
            zip64Local);
        WriteLocalHeader(header);
        var deflater = deflate ? _deflater : null;
        deflater?.Begin(_output, expectedLength);
        _open = new ZipEntryWriter(this, name, header, _output, deflater);
        return _open;
    }

    /// <summary>Writes the central directory and the end records; the zip is complete once this returns.</summary>
    public void Finish()
    {
        if (_open is not null)
        {
            throw new InvalidOperationException($"Complete entry '{_open.Name}' before finishing the zip");
        }

        var directoryOffset = _output.Position;
        foreach (var entry in _entries)
        {
            WriteCentralHeader(entry);
        }

        var directorySize = _output.Position - directoryOffset;
        var needsZip64 = _entries.Count >= ushort.MaxValue || directoryOffset >= Zip32Limit || directorySize >= Zip32Limit;
        if (needsZip64)
        {
            WriteZip64End(directoryOffset, directorySize);
        }

        var end = _scratch.AsSpan(0, 22);
        BinaryPrimitives.WriteUInt32LittleEndian(end, EndSignature);
        BinaryPrimitives.WriteUInt16LittleEndian(end[4..], 0);
        BinaryPrimitives.WriteUInt16LittleEndian(end[6..], 0);
        var count = (ushort)Math.Min(_entries.Count, ushort.MaxValue);
        BinaryPrimitives.WriteUInt16LittleEndian(end[8..], count);
        BinaryPrimitives.WriteUInt16LittleEndian(end[10..], count);
        BinaryPrimitives.WriteUInt32LittleEndian(end[12..], Clamp32(directorySize));
        BinaryPrimitives.WriteUInt32LittleEndian(end[16..], Clamp32(directoryOffset));
        BinaryPrimitives.WriteUInt16LittleEndian(end[20..], 0);
        _output.Write(end);
        _output.Flush();
    }

    public void Dispose()
    {
        _deflater.Dispose();
    }

    /// <summary>Called by the entry writer once its data is out: patches the local header and lists the entry.</summary>
    internal void Completed(ZipCentralRecord entry)
    {
        if (!entry.SizesInZip64 && (entry.CompressedSize >= Zip32Limit || entry.UncompressedSize >= Zip32Limit))
        {
            throw new InvalidOperationException(
                $"Entry '{Encoding.UTF8.GetString(entry.Name)}' came to {entry.UncompressedSize} bytes, far beyond the length it was listed at; its header has no room for a size over 4 GiB");
        }

        var end = _output.Position;
        _output.Position = entry.LocalHeaderOffset + 14;
        var patch = _scratch.AsSpan(0, 12);
        BinaryPrimitives.WriteUInt32LittleEndian(patch, entry.Crc32);
        BinaryPrimitives.WriteUInt32LittleEndian(patch[4..], entry.SizesInZip64 ? uint.MaxValue : (uint)entry.CompressedSize);
        BinaryPrimitives.WriteUInt32LittleEndian(patch[8..], entry.SizesInZip64 ? uint.MaxValue : (uint)entry.UncompressedSize);
        _output.Write(patch);
        if (entry.SizesInZip64)
        {
            _output.Position = entry.LocalHeaderOffset + 30 + entry.Name.Length + 4;
            var sizes = _scratch.AsSpan(0, 16);
            BinaryPrimitives.WriteInt64LittleEndian(sizes, entry.UncompressedSize);
            BinaryPrimitives.WriteInt64LittleEndian(sizes[8..], entry.CompressedSize);
            _output.Write(sizes);
        }

        _output.Position = end;
        _entries.Add(entry);
        _open = null;
    }

    private void WriteLocalHeader(ZipCentralRecord entry)
    {
        var header = _scratch.AsSpan(0, 30);
        BinaryPrimitives.WriteUInt32LittleEndian(header, LocalHeaderSignature);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], entry.VersionNeeded);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], entry.Flags);
        BinaryPrimitives.WriteUInt16LittleEndian(header[8..], entry.Method);
        BinaryPrimitives.WriteUInt16LittleEndian(header[10..], entry.DosTime);
        BinaryPrimitives.WriteUInt16LittleEndian(header[12..], entry.DosDate);
        header[14..26].Clear();
        BinaryPrimitives.WriteUInt16LittleEndian(header[26..], (ushort)entry.Name.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(header[28..], (ushort)(entry.SizesInZip64 ? 20 : 0));
        _output.Write(header);
        _output.Write(entry.Name);
        if (entry.SizesInZip64)
        {
            var extra = _scratch.AsSpan(0, 20);
            extra.Clear();
            BinaryPrimitives.WriteUInt16LittleEndian(extra, Zip64ExtraTag);
            BinaryPrimitives.WriteUInt16LittleEndian(extra[2..], 16);
            _output.Write(extra);
        }
    }

    private void WriteCentralHeader(ZipCentralRecord entry)
    {
        // The Zip64 extra field of the central directory holds, in this order, only the values that overflowed.
        var usizeIn64 = entry.SizesInZip64 || entry.UncompressedSize >= Zip32Limit;
        var csizeIn64 = entry.SizesInZip64 || entry.CompressedSize >= Zip32Limit;
        var offsetIn64 = entry.LocalHeaderOffset >= Zip32Limit;
        var extraData = 8 * ((usizeIn64 ? 1 : 0) + (csizeIn64 ? 1 : 0) + (offsetIn64 ? 1 : 0));
        var extraLength = extraData == 0 ? 0 : 4 + extraData;
        var version = extraLength > 0 ? VersionZip64 : entry.VersionNeeded;

        var header = _scratch.AsSpan(0, 46);
        BinaryPrimitives.WriteUInt32LittleEndian(header, CentralHeaderSignature);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], (ushort)(MadeByUnix | version));
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], version);
        BinaryPrimitives.WriteUInt16LittleEndian(header[8..], entry.Flags);
        BinaryPrimitives.WriteUInt16LittleEndian(header[10..], entry.Method);
        BinaryPrimitives.WriteUInt16LittleEndian(header[12..], entry.DosTime);
        BinaryPrimitives.WriteUInt16LittleEndian(header[14..], entry.DosDate);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], entry.Crc32);
        BinaryPrimitives.WriteUInt32LittleEndian(header[20..], csizeIn64 ? uint.MaxValue : (uint)entry.CompressedSize);
        BinaryPrimitives.WriteUInt32LittleEndian(header[24..], usizeIn64 ? uint.MaxValue : (uint)entry.UncompressedSize);
        BinaryPrimitives.WriteUInt16LittleEndian(header[28..], (ushort)entry.Name.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(header[30..], (ushort)extraLength);
        BinaryPrimitives.WriteUInt16LittleEndian(header[32..], 0);
        BinaryPrimitives.WriteUInt16LittleEndian(header[34..], 0);
        BinaryPrimitives.WriteUInt16LittleEndian(header[36..], 0);
        BinaryPrimitives.WriteInt32LittleEndian(header[38..], entry.ExternalAttributes);
        BinaryPrimitives.WriteUInt32LittleEndian(header[42..], offsetIn64 ? uint.MaxValue : (uint)entry.LocalHeaderOffset);
        _output.Write(header);
        _output.Write(entry.Name);
        if (extraLength == 0)
        {
            return;
        }

        var extra = _scratch.AsSpan(0, extraLength);
        BinaryPrimitives.WriteUInt16LittleEndian(extra, Zip64ExtraTag);
        BinaryPrimitives.WriteUInt16LittleEndian(extra[2..], (ushort)extraData);
        var at = 4;
        if (usizeIn64)
        {
            BinaryPrimitives.WriteInt64LittleEndian(extra[at..], entry.UncompressedSize);
            at += 8;
        }

        if (csizeIn64)
        {
            BinaryPrimitives.WriteInt64LittleEndian(extra[at..], entry.CompressedSize);
            at += 8;
        }

        if (offsetIn64)
        {
            BinaryPrimitives.WriteInt64LittleEndian(extra[at..], entry.LocalHeaderOffset);
        }

        _output.Write(extra);
    }

    private void WriteZip64End(long directoryOffset, long directorySize)
    {
        var endOffset = _output.Position;
        var record = _scratch.AsSpan(0, 56);
        BinaryPrimitives.WriteUInt32LittleEndian(record, Zip64EndSignature);
        BinaryPrimitives.WriteInt64LittleEndian(record[4..], 56 - 12);
        BinaryPrimitives.WriteUInt16LittleEndian(record[12..], MadeByUnix | VersionZip64);
        BinaryPrimitives.WriteUInt16LittleEndian(record[14..], VersionZip64);
        BinaryPrimitives.WriteUInt32LittleEndian(record[16..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(record[20..], 0);
        BinaryPrimitives.WriteInt64LittleEndian(record[24..], _entries.Count);
        BinaryPrimitives.WriteInt64LittleEndian(record[32..], _entries.Count);
        BinaryPrimitives.WriteInt64LittleEndian(record[40..], directorySize);
        BinaryPrimitives.WriteInt64LittleEndian(record[48..], directoryOffset);
        _output.Write(record);

        var locator = _scratch.AsSpan(0, 20);
        BinaryPrimitives.WriteUInt32LittleEndian(locator, Zip64LocatorSignature);
        BinaryPrimitives.WriteUInt32LittleEndian(locator[4..], 0);
        BinaryPrimitives.WriteInt64LittleEndian(locator[8..], endOffset);
        BinaryPrimitives.WriteUInt32LittleEndian(locator[16..], 1);
        _output.Write(locator);
    }

    private static uint Clamp32(long value) => value >= Zip32Limit ? uint.MaxValue : (uint)value;

    internal static (ushort Time, ushort Date) DosDateTime(DateTime time)
    {
        var clamped = time.Year < 1980 ? new DateTime(1980, 1, 1) : time.Year > 2107 ? new DateTime(2107, 12, 31, 23, 59, 58) : time;
        var dosTime = (ushort)((clamped.Hour << 11) | (clamped.Minute << 5) | (clamped.Second / 2));
        var dosDate = (ushort)(((clamped.Year - 1980) << 9) | (clamped.Month << 5) | clamped.Day);
        return (dosTime, dosDate);
    }
}
