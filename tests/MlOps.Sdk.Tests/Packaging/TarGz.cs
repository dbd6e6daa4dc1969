using System.Formats.Tar;
using System.IO.Compression;

namespace MlOps.Sdk.Tests.Packaging;

/// <summary>Builds tar.gz archives in tests, malicious ones included.</summary>
public static class TarGz
{
    public static void Write(string path, params TarEntry[] entries)
    {
        using var file = System.IO.File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        using var writer = new TarWriter(gzip, TarEntryFormat.Pax);
        foreach (var entry in entries)
        {
            writer.WriteEntry(entry);
        }
    }

    public static PaxTarEntry File(string name, string content) =>
        new(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(content)) };

    public static PaxTarEntry Directory(string name) => new(TarEntryType.Directory, name);

    public static PaxTarEntry SymbolicLink(string name, string target) => new(TarEntryType.SymbolicLink, name) { LinkName = target };

    public static PaxTarEntry HardLink(string name, string target) => new(TarEntryType.HardLink, name) { LinkName = target };
}
