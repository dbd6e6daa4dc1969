namespace MlOps.Sdk.Packaging;

/// <summary>
/// How much an archive may unpack to: guards against archive bombs (a small archive that expands to fill the disk, or
/// to millions of entries). Checked while reading, on the bytes actually produced, not on what entry headers claim.
/// </summary>
public sealed record ArchiveLimits
{
    /// <summary>The default cap on the bytes all entries unpack to: 32 GiB, above SageMaker's largest single-model artifacts.</summary>
    public const long DefaultMaxTotalBytes = 32L * 1024 * 1024 * 1024;

    /// <summary>The default cap on the number of entries (files, folders and links).</summary>
    public const int DefaultMaxEntries = 100_000;

    /// <summary>The default cap on unpacked bytes per archive byte; real model artifacts stay far below it.</summary>
    public const double DefaultMaxCompressionRatio = 200;

    /// <summary>Below this many unpacked bytes the compression ratio is not judged: tiny files of zeros compress well.</summary>
    public const long RatioFloorBytes = 16L * 1024 * 1024;

    /// <summary>The limits used when none are given.</summary>
    public static ArchiveLimits Default { get; } = new();

    /// <summary>The most bytes all entries together may unpack to.</summary>
    public long MaxTotalBytes { get; init; } = DefaultMaxTotalBytes;

    /// <summary>The most entries the archive may hold.</summary>
    public int MaxEntries { get; init; } = DefaultMaxEntries;

    /// <summary>The most unpacked bytes per archive byte, judged once more than <see cref="RatioFloorBytes"/> are unpacked.</summary>
    public double MaxCompressionRatio { get; init; } = DefaultMaxCompressionRatio;

    /// <summary>Checks that the limits themselves make sense.</summary>
    /// <exception cref="MlOpsValidationException">A limit is zero or negative.</exception>
    public void Validate()
    {
        if (MaxTotalBytes <= 0)
        {
            throw new MlOpsValidationException($"{nameof(ArchiveLimits)}.{nameof(MaxTotalBytes)}", $"must be positive (got {MaxTotalBytes})");
        }

        if (MaxEntries <= 0)
        {
            throw new MlOpsValidationException($"{nameof(ArchiveLimits)}.{nameof(MaxEntries)}", $"must be positive (got {MaxEntries})");
        }

        if (!(MaxCompressionRatio >= 1))
        {
            throw new MlOpsValidationException($"{nameof(ArchiveLimits)}.{nameof(MaxCompressionRatio)}", $"must be at least 1 (got {MaxCompressionRatio})");
        }
    }

    /// <summary>Throws when what was unpacked so far breaks a limit.</summary>
    /// <param name="entries">Entries read so far.</param>
    /// <param name="unpackedBytes">Bytes unpacked so far.</param>
    /// <param name="archiveBytes">Archive bytes read so far.</param>
    /// <param name="archiveName">The archive, for the error.</param>
    /// <exception cref="MlOpsValidationException">A limit is broken (field <c>ArchiveLimits.*</c>).</exception>
    public void Check(long entries, long unpackedBytes, long archiveBytes, string archiveName)
    {
        if (entries > MaxEntries)
        {
            throw Broken(nameof(MaxEntries), $"must hold at most {MaxEntries} entries; '{archiveName}' holds more", archiveName);
        }

        if (unpackedBytes > MaxTotalBytes)
        {
            throw Broken(nameof(MaxTotalBytes), $"must unpack to at most {MaxTotalBytes} bytes; '{archiveName}' unpacks to more", archiveName);
        }

        if (unpackedBytes > RatioFloorBytes && unpackedBytes > MaxCompressionRatio * Math.Max(1, archiveBytes))
        {
            throw Broken(nameof(MaxCompressionRatio), $"must unpack to at most {MaxCompressionRatio} bytes per archive byte; '{archiveName}' unpacked {unpackedBytes} bytes from {archiveBytes} (an archive bomb?)", archiveName);
        }
    }

    private static MlOpsValidationException Broken(string limit, string rule, string archiveName) =>
        new($"{nameof(ArchiveLimits)}.{limit}", rule + "; nothing was extracted", archiveName);
}
