using System.IO.Hashing;

namespace MlOps.Sdk.Packaging;

/// <summary>The data of one zip entry being written by <see cref="ZipWriter"/>: chunks in, CRC-32 and sizes kept.</summary>
internal sealed class ZipEntryWriter
{
    private readonly ZipWriter _zip;
    private readonly ZipCentralRecord _header;
    private readonly Stream _output;
    private readonly ParallelDeflater? _deflater;
    private readonly Crc32 _crc = new();
    private readonly long _dataOffset;
    private long _length;
    private bool _completed;

    internal ZipEntryWriter(ZipWriter zip, string name, ZipCentralRecord header, Stream output, ParallelDeflater? deflater)
    {
        _zip = zip;
        Name = name;
        _header = header;
        _output = output;
        _deflater = deflater;
        _dataOffset = output.Position;
    }

    /// <summary>The entry's path inside the zip.</summary>
    public string Name { get; }

    /// <summary>Adds the next <paramref name="length"/> bytes of the entry; the buffer is free again on return.</summary>
    public void Write(byte[] buffer, int length)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        _crc.Append(buffer.AsSpan(0, length));
        _length += length;
        if (_deflater is null)
        {
            _output.Write(buffer, 0, length);
        }
        else
        {
            _deflater.Add(buffer, length);
        }
    }

    /// <summary>Ends the entry: the rest of its deflate stream, then its CRC and sizes into its header.</summary>
    public void Complete()
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        _completed = true;
        var compressed = _deflater?.Complete() ?? _output.Position - _dataOffset;
        _zip.Completed(_header with
        {
            Crc32 = _crc.GetCurrentHashAsUInt32(),
            CompressedSize = compressed,
            UncompressedSize = _length,
        });
    }
}
