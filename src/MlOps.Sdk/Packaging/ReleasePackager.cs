using System.IO.Compression;
using System.Reflection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MlOps.Sdk.Naming;

namespace MlOps.Sdk.Packaging;

/// <summary>
/// Builds release zips (<c>candidate-PR-{PR_ID}-{COMMIT_ID}-{TIMESTAMP}.zip</c>, <c>stable-{TIMESTAMP}.zip</c>):
/// streaming in constant memory, deterministic (the same inputs give the same bytes), refusing secrets before anything is
/// written, and never leaving a partial zip behind. Thread-safe.
/// </summary>
public sealed class ReleasePackager
{
    /// <summary>Size of the copy buffer: the packager's memory use does not grow with the files it packages.</summary>
    internal const int BufferSize = 1024 * 1024;

    private const int OutputBufferSize = 64 * 1024;

    /// <summary>Unix mode <c>-rw-r--r--</c> in the high 16 bits, the same for every entry whatever the disk says.</summary>
    internal const int RegularFileAttributes = unchecked((int)0x81A40000);

    private const long ProgressStep = 64L * 1024 * 1024;

    private readonly ILogger<ReleasePackager> _logger;

    /// <summary>Creates a packager.</summary>
    /// <param name="logger">Receives a line per release written; optional.</param>
    public ReleasePackager(ILogger<ReleasePackager>? logger = null)
    {
        _logger = logger ?? NullLogger<ReleasePackager>.Instance;
    }

    /// <summary>The SDK version recorded in manifests (the informational version without build metadata).</summary>
    public static string SdkVersion { get; } =
        (typeof(ReleasePackager).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0")
        .Split('+')[0];

    /// <summary>Builds the release zip of <paramref name="request"/> in its output folder.</summary>
    /// <param name="request">What goes into the release.</param>
    /// <param name="progress">Receives progress while scanning and writing; optional.</param>
    /// <param name="cancellationToken">Stops the work; no zip is left behind.</param>
    /// <returns>The zip's path, manifest and size.</returns>
    /// <exception cref="MlOpsValidationException">
    /// Bad input, found before anything is written: a missing folder, a path outside its folder, a duplicate entry, a
    /// non-finite metric, or files that look like secrets (the error lists every one).
    /// </exception>
    /// <exception cref="MlOpsException">git is needed to list source files and is missing or fails.</exception>
    public async Task<ReleasePackageResult> CreateAsync(
        ReleasePackageRequest request,
        IProgress<PackagingProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ValidateScalars(request);
        var files = await CollectFilesAsync(request, cancellationToken).ConfigureAwait(false);

        var allowList = request.SourceDirectory is { } source ? SecretAllowList.Load(source) : SecretAllowList.Empty;
        var findings = await SecretScanner.ScanAsync(files, allowList, progress, cancellationToken).ConfigureAwait(false);
        if (findings.Count > 0)
        {
            var fileCount = findings.Select(f => f.EntryPath).Distinct(StringComparer.Ordinal).Count();
            throw new MlOpsValidationException(
                "ReleaseFiles",
                $"must not hold secrets; refused {fileCount} file(s): {string.Join("; ", findings)}. If one is a false positive, add '<path> <rule-id> <reason>' to {SecretAllowList.FileName}",
                request.Context.ReleaseName.FileName);
        }

        Directory.CreateDirectory(request.OutputDirectory);
        var fileName = request.Context.ReleaseName.FileName;
        var zipPath = Path.GetFullPath(Path.Combine(request.OutputDirectory, fileName));

        // Written beside the target and renamed at the end, so readers never see a partial zip and a failure leaves none.
        var tempPath = Path.Combine(Path.GetDirectoryName(zipPath)!, $".{fileName}.{Guid.NewGuid():N}.tmp");
        try
        {
            var manifest = await WriteZipAsync(tempPath, request, files, progress, cancellationToken).ConfigureAwait(false);
            File.Move(tempPath, zipPath, overwrite: true);
            var size = new FileInfo(zipPath).Length;
            _logger.LogInformation("Wrote release {ReleaseName}: {FileCount} files, {ZipSize} bytes", fileName, manifest.Files.Count, size);
            progress?.Report(new PackagingProgress(PackagingStage.Completed, null, files.Count, files.Count, manifest.Files.Sum(f => f.Size), manifest.Files.Sum(f => f.Size)));
            return new ReleasePackageResult(zipPath, manifest, size);
        }
        catch
        {
            File.Delete(tempPath);
            throw;
        }
    }

    private static void ValidateScalars(ReleasePackageRequest request)
    {
        if (request.Context is null)
        {
            throw new MlOpsValidationException(nameof(request.Context), "is required");
        }

        if (string.IsNullOrWhiteSpace(request.OutputDirectory))
        {
            throw new MlOpsValidationException(nameof(request.OutputDirectory), "is required");
        }

        if (request.ModelPackageArn is { } arn && !arn.StartsWith("arn:", StringComparison.Ordinal))
        {
            throw new MlOpsValidationException(nameof(request.ModelPackageArn), $"must be an ARN starting with 'arn:' (got '{arn}')");
        }

        foreach (var (name, value) in request.Metrics)
        {
            if (string.IsNullOrWhiteSpace(name) || !double.IsFinite(value))
            {
                throw new MlOpsValidationException($"Metrics[{name}]", "must have a non-empty name and a finite value (JSON has no NaN or Infinity)");
            }
        }
    }

    private static async Task<List<ReleaseFile>> CollectFilesAsync(ReleasePackageRequest request, CancellationToken cancellationToken)
    {
        var files = new List<ReleaseFile>();
        if (request.SourceDirectory is { } sourceDirectory)
        {
            var root = Path.GetFullPath(sourceDirectory);
            if (!Directory.Exists(root))
            {
                throw new MlOpsValidationException(nameof(request.SourceDirectory), $"must be an existing folder (got '{sourceDirectory}')", sourceDirectory);
            }

            var relativePaths = request.SourceFiles ?? await GitTrackedFiles.ListAsync(root, cancellationToken).ConfigureAwait(false);
            foreach (var relativePath in relativePaths)
            {
                var path = ArchivePath.Normalize(relativePath, nameof(request.SourceFiles));
                var fullPath = Path.Combine(root, path);

                // A submodule is listed by git as a folder; its files are not this repository's.
                if (request.SourceFiles is null && Directory.Exists(fullPath))
                {
                    continue;
                }

                DirectoryFiles.CheckFile(root, fullPath, nameof(request.SourceFiles));
                files.Add(ReleaseFile.FromFile("source/" + path, fullPath));
            }
        }

        AddDirectory(files, "model/", request.ModelDirectory, nameof(request.ModelDirectory));
        AddDirectory(files, "deploy/", request.DeployDirectory, nameof(request.DeployDirectory));
        AddDirectory(files, "docs/", request.DocsDirectory, nameof(request.DocsDirectory));
        files.AddRange(request.AdditionalFiles);
        files.Add(ReleaseFile.FromText(ReleaseDocs.ReleaseNotesEntry, ReleaseDocs.ReleaseNotes(request)));
        files.Add(ReleaseFile.FromText(ReleaseDocs.UsageEntry, ReleaseDocs.Usage(request)));

        files.Sort((a, b) => string.CompareOrdinal(a.EntryPath, b.EntryPath));
        for (var i = 0; i < files.Count; i++)
        {
            if (files[i].EntryPath == ReleaseManifest.EntryName)
            {
                throw new MlOpsValidationException(nameof(request.AdditionalFiles), $"must not hold '{ReleaseManifest.EntryName}': the packager writes it");
            }

            if (i > 0 && files[i].EntryPath == files[i - 1].EntryPath)
            {
                throw new MlOpsValidationException("ReleaseFiles", $"must not hold '{files[i].EntryPath}' twice");
            }
        }

        return files;
    }

    private static void AddDirectory(List<ReleaseFile> files, string prefix, string? directory, string fieldName)
    {
        if (directory is null)
        {
            return;
        }

        foreach (var (relativePath, fullPath) in DirectoryFiles.List(directory, fieldName))
        {
            files.Add(ReleaseFile.FromFile(prefix + relativePath, fullPath));
        }
    }

    private static async Task<ReleaseManifest> WriteZipAsync(
        string tempPath,
        ReleasePackageRequest request,
        List<ReleaseFile> files,
        IProgress<PackagingProgress>? progress,
        CancellationToken cancellationToken)
    {
        var context = request.Context;
        var entryTime = ZipEntryTime(context.Timestamp);
        var bytesTotal = files.Sum(f => f.GetLength());
        var listed = new List<ReleaseManifestFile>(files.Count);
        // A small write buffer: it gathers zip headers and deflate output, while whole chunks bypass it (a buffer as large
        // as the chunks would copy every stored byte once more).
        var output = new FileStream(tempPath, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.ReadWrite,
            Share = FileShare.None,
            BufferSize = OutputBufferSize,

            // Reserving the disk space of the bytes that will be stored as they are saves the file system about a third
            // of the cost of writing them (no block reservation page by page), and fails early when the disk is too
            // small. Only a lower bound of the zip's size is reserved, so no block is left allocated past its end.
            PreallocationSize = files.Where(f => !IsDeflated(f, request)).Sum(f => f.GetLength()),
        });
        await using (output.ConfigureAwait(false))
        {
            using var zip = new ZipWriter(output, request.CompressionLevel, BufferSize, cancellationToken);
            long bytesDone = 0;
            for (var i = 0; i < files.Count; i++)
            {
                var file = files[i];
                progress?.Report(new PackagingProgress(PackagingStage.Writing, file.EntryPath, i, files.Count, bytesDone, bytesTotal));
                var input = await file.OpenReadAsync(cancellationToken).ConfigureAwait(false);
                await using (input.ConfigureAwait(false))
                {
                    var (size, sha256) = WriteEntry(zip, file.EntryPath, IsDeflated(file, request), entryTime, input, file.GetLength(), bytesDone, (done, current) =>
                        progress?.Report(new PackagingProgress(PackagingStage.Writing, current, i, files.Count, done, bytesTotal)), cancellationToken);
                    bytesDone += size;
                    listed.Add(new ReleaseManifestFile(file.EntryPath, size, sha256));
                }
            }

            var manifest = BuildManifest(request, listed);
            var manifestBytes = manifest.ToJsonBytes();
            using var manifestStream = new MemoryStream(manifestBytes, writable: false);
            WriteEntry(zip, ReleaseManifest.EntryName, request.CompressionLevel != CompressionLevel.NoCompression, entryTime, manifestStream, manifestBytes.Length, 0, null, cancellationToken);
            zip.Finish();
            return manifest;
        }
    }

    private static bool IsDeflated(ReleaseFile file, ReleasePackageRequest request) =>
        request.CompressionLevel != CompressionLevel.NoCompression && !CompressedFileTypes.IsCompressed(file.EntryPath);

    private static (long Size, string Sha256) WriteEntry(
        ZipWriter zip,
        string entryPath,
        bool deflate,
        DateTime entryTime,
        Stream input,
        long expectedLength,
        long bytesBefore,
        Action<long, string>? report,
        CancellationToken cancellationToken)
    {
        var entry = zip.BeginEntry(entryPath, deflate, entryTime, RegularFileAttributes, expectedLength);
        using var hasher = new BackgroundSha256(BufferSize);
        long written = 0;
        var nextReport = ProgressStep;
        var size = hasher.ReadToEnd(input, (buffer, length) =>
        {
            // CRC and write happen here, synchronously, as the reads do; deflate goes to its threads with a copy.
            entry.Write(buffer, length);
            written += length;
            if (report is not null && written >= nextReport)
            {
                report(bytesBefore + written, entryPath);
                nextReport += ProgressStep;
            }
        }, cancellationToken);
        entry.Complete();
        return (size, hasher.Finish());
    }

    private static ReleaseManifest BuildManifest(ReleasePackageRequest request, List<ReleaseManifestFile> files)
    {
        var context = request.Context;
        return new ReleaseManifest
        {
            ReleaseName = context.ReleaseName.FileName,
            ReleaseKind = context.Kind,
            Project = request.Project,
            PullRequestId = context.MergeRequestIid,
            Commit = context.CommitId,
            Timestamp = ReleaseManifest.FormatTimestamp(context.Timestamp),
            PipelineId = context.PipelineId,
            PipelineUrl = context.PipelineUrl,
            ModelPackageArn = request.ModelPackageArn,
            Metrics = new SortedDictionary<string, double>(request.Metrics.ToDictionary(), StringComparer.Ordinal),
            Costs = request.Costs,
            SdkVersion = SdkVersion,
            Files = files,
        };
    }

    // Zip entries carry DOS dates (local clock, no zone): the release's UTC clock time stands in for it.
    private static DateTime ZipEntryTime(DateTimeOffset timestamp) => DateTime.SpecifyKind(timestamp.UtcDateTime, DateTimeKind.Unspecified);
}
