using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;

namespace MlOps.Pipeline.Tests.Sample;

/// <summary>Reads a release zip independently of the SDK: entries, and the manifest checked against every entry's bytes.</summary>
internal static class ReleaseZip
{
    public static List<string> Entries(string zipPath)
    {
        using var archive = ZipFile.OpenRead(zipPath);
        return [.. archive.Entries.Select(e => e.FullName)];
    }

    public static string ReadText(string zipPath, string entryName)
    {
        using var archive = ZipFile.OpenRead(zipPath);
        using var reader = new StreamReader((archive.GetEntry(entryName) ?? throw new InvalidOperationException($"no {entryName} in {zipPath}")).Open());
        return reader.ReadToEnd();
    }

    /// <summary>Every file entry's SHA-256, by entry name.</summary>
    public static SortedDictionary<string, string> EntryHashes(string zipPath)
    {
        using var archive = ZipFile.OpenRead(zipPath);
        var hashes = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in archive.Entries.Where(e => !e.FullName.EndsWith('/')))
        {
            using var stream = entry.Open();
            hashes[entry.FullName] = Convert.ToHexStringLower(SHA256.HashData(stream));
        }

        return hashes;
    }

    /// <summary>Returns the manifest after checking that it lists every other entry with its exact size and SHA-256.</summary>
    public static JsonElement VerifiedManifest(string zipPath)
    {
        using var archive = ZipFile.OpenRead(zipPath);
        var manifestEntry = archive.GetEntry("manifest.json") ?? throw new InvalidOperationException("no manifest.json");
        using var manifestStream = manifestEntry.Open();
        var manifest = JsonDocument.Parse(manifestStream).RootElement.Clone();
        var listed = manifest.GetProperty("files").EnumerateArray().ToDictionary(f => f.GetProperty("path").GetString()!, f => f);
        var entries = archive.Entries.Where(e => e.FullName != "manifest.json" && !e.FullName.EndsWith('/')).ToList();
        Assert.Equal(entries.Select(e => e.FullName).Order(StringComparer.Ordinal), listed.Keys.Order(StringComparer.Ordinal));
        foreach (var entry in entries)
        {
            using var stream = entry.Open();
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var file = listed[entry.FullName];
            Assert.Equal(file.GetProperty("size").GetInt64(), buffer.Length);
            Assert.Equal(file.GetProperty("sha256").GetString(), Convert.ToHexStringLower(SHA256.HashData(buffer.ToArray())));
        }

        return manifest;
    }
}
