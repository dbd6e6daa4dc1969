namespace MlOps.Sdk.Packaging;

/// <summary>File types that are already compressed, which archives store as they are instead of compressing again.</summary>
public static class CompressedFileTypes
{
    private static readonly HashSet<string> Extensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".gz", ".tgz", ".zip", ".bz2", ".xz", ".zst", ".lz4", ".7z", ".rar", ".jar", ".whl", ".nupkg",
        ".png", ".jpg", ".jpeg", ".gif", ".webp", ".mp3", ".mp4", ".parquet", ".orc", ".avro",
    };

    /// <summary>Tells whether a path's extension marks an already-compressed file.</summary>
    /// <param name="path">A file path or archive entry path.</param>
    /// <returns><see langword="true"/> for already-compressed types such as <c>.gz</c>, <c>.zip</c>, <c>.png</c> or <c>.parquet</c>.</returns>
    public static bool IsCompressed(string path) => Extensions.Contains(Path.GetExtension(path));
}
