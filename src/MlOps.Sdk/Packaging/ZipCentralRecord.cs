namespace MlOps.Sdk.Packaging;

/// <summary>What the central directory says of one written entry.</summary>
internal readonly record struct ZipCentralRecord(
    byte[] Name,
    ushort VersionNeeded,
    ushort Flags,
    ushort Method,
    ushort DosTime,
    ushort DosDate,
    uint Crc32,
    long CompressedSize,
    long UncompressedSize,
    long LocalHeaderOffset,
    int ExternalAttributes,
    bool SizesInZip64);
