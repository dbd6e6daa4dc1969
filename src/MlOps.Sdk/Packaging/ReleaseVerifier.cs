using System.IO.Compression;

namespace MlOps.Sdk.Packaging;

/// <summary>
/// Reopens a release zip and checks every file against the size and SHA-256 in its manifest, reporting the first
/// mismatch: a changed, missing or unlisted file, or a corrupted entry. Thread-safe.
/// </summary>
public sealed class ReleaseVerifier
{
    /// <summary>Checks a release zip.</summary>
    /// <param name="zipPath">The zip to check.</param>
    /// <param name="progress">Receives a report per file; optional.</param>
    /// <param name="cancellationToken">Stops the check.</param>
    /// <returns>The outcome; <see cref="ReleaseVerification.IsValid"/> tells whether every file matched.</returns>
    /// <exception cref="MlOpsValidationException">The zip does not exist.</exception>
    public async Task<ReleaseVerification> VerifyAsync(string zipPath, IProgress<PackagingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(zipPath);
        if (!File.Exists(zipPath))
        {
            throw new MlOpsValidationException("ZipPath", $"must be an existing file (got '{zipPath}')", zipPath);
        }

        ZipArchive archive;
        try
        {
            archive = await ZipFile.OpenReadAsync(zipPath, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException error)
        {
            return new ReleaseVerification(zipPath, null, 0, null, $"not a readable zip: {error.Message}");
        }

        await using (archive.ConfigureAwait(false))
        {
            return await VerifyAsync(zipPath, archive, progress, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<ReleaseVerification> VerifyAsync(string zipPath, ZipArchive archive, IProgress<PackagingProgress>? progress, CancellationToken cancellationToken)
    {
        // Judged from the central directory before any entry is inflated, so a zip bomb costs nothing to refuse.
        var limits = ArchiveLimits.Default;
        if (archive.Entries.Count > limits.MaxEntries)
        {
            return new ReleaseVerification(zipPath, null, 0, null, $"holds {archive.Entries.Count} entries; at most {limits.MaxEntries} are read");
        }

        if (archive.Entries.Sum(e => e.Length) is var declared && declared > limits.MaxTotalBytes)
        {
            return new ReleaseVerification(zipPath, null, 0, null, $"unpacks to {declared} bytes; at most {limits.MaxTotalBytes} are read");
        }

        var manifestEntry = archive.GetEntry(ReleaseManifest.EntryName);
        if (manifestEntry is null)
        {
            return new ReleaseVerification(zipPath, null, 0, ReleaseManifest.EntryName, $"{ReleaseManifest.EntryName} is missing");
        }

        ReleaseManifest manifest;
        try
        {
            var manifestStream = await manifestEntry.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (manifestStream.ConfigureAwait(false))
            {
                manifest = await ReleaseManifest.ReadAsync(manifestStream, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception error) when (error is MlOpsException or InvalidDataException)
        {
            return new ReleaseVerification(zipPath, null, 0, ReleaseManifest.EntryName, $"{ReleaseManifest.EntryName} is unreadable: {error.Message}");
        }

        var entries = archive.Entries.Where(e => e.FullName != ReleaseManifest.EntryName).ToDictionary(e => e.FullName, StringComparer.Ordinal);
        var bytesTotal = manifest.Files.Sum(f => f.Size);
        long bytesDone = 0;
        for (var i = 0; i < manifest.Files.Count; i++)
        {
            var listed = manifest.Files[i];
            progress?.Report(new PackagingProgress(PackagingStage.Verifying, listed.Path, i, manifest.Files.Count, bytesDone, bytesTotal));
            if (!entries.Remove(listed.Path, out var entry))
            {
                return new ReleaseVerification(zipPath, manifest, i, listed.Path, $"'{listed.Path}' is listed in the manifest but missing from the zip");
            }

            string? problem;
            try
            {
                problem = await CheckEntryAsync(entry, listed, cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidDataException error)
            {
                problem = $"'{listed.Path}' is corrupted: {error.Message}";
            }

            if (problem is not null)
            {
                return new ReleaseVerification(zipPath, manifest, i, listed.Path, problem);
            }

            bytesDone += listed.Size;
        }

        if (entries.Count > 0)
        {
            var unlisted = entries.Keys.Order(StringComparer.Ordinal).First();
            return new ReleaseVerification(zipPath, manifest, manifest.Files.Count, unlisted, $"'{unlisted}' is in the zip but not listed in the manifest");
        }

        progress?.Report(new PackagingProgress(PackagingStage.Completed, null, manifest.Files.Count, manifest.Files.Count, bytesDone, bytesTotal));
        return new ReleaseVerification(zipPath, manifest, manifest.Files.Count, null, null);
    }

    private static async Task<string?> CheckEntryAsync(ZipArchiveEntry entry, ReleaseManifestFile listed, CancellationToken cancellationToken)
    {
        if (entry.Length != listed.Size)
        {
            return $"'{listed.Path}' has {entry.Length} bytes; the manifest says {listed.Size}";
        }

        using var hasher = new BackgroundSha256(ReleasePackager.BufferSize);
        long size;
        var stream = await entry.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            size = hasher.ReadToEnd(stream, useChunk: null, cancellationToken);
        }

        if (size != listed.Size)
        {
            return $"'{listed.Path}' has {size} bytes; the manifest says {listed.Size}";
        }

        var actual = hasher.Finish();
        return string.Equals(actual, listed.Sha256, StringComparison.OrdinalIgnoreCase)
            ? null
            : $"'{listed.Path}' has SHA-256 {actual}; the manifest says {listed.Sha256}";
    }
}
