using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;

namespace MlOps.Sdk.Packaging;

/// <summary>
/// Finds files that look like secrets before they are packaged: <c>.env</c> files, private keys, AWS credential
/// files, and text holding AWS access key ids or PEM private-key blocks.
/// </summary>
/// <remarks>
/// Content is read by streaming. Binary files (a NUL byte in their first 8 KiB) and already-compressed files are not
/// searched for text, since a key in them could not be matched reliably anyway and reading them would double the cost of
/// packaging large model artifacts.
/// </remarks>
public static partial class SecretScanner
{
    private const int ChunkSize = 64 * 1024;

    // Long enough to hold any match that straddles two chunks.
    private const int Overlap = 64;

    private static readonly string[] PrivateKeyFileNames = ["id_rsa", "id_dsa", "id_ecdsa", "id_ed25519"];
    private static readonly string[] PrivateKeyExtensions = [".key", ".p12", ".pfx", ".jks", ".keystore"];
    private static readonly string[] EnvTemplateSuffixes = [".example", ".sample", ".template", ".dist"];

    /// <summary>Scans every file and returns every finding, in the order of <paramref name="files"/>.</summary>
    /// <param name="files">The files to scan.</param>
    /// <param name="progress">Receives a report per file and per chunk read.</param>
    /// <param name="cancellationToken">Stops the scan.</param>
    /// <returns>The findings; empty when nothing looks like a secret.</returns>
    public static async Task<IReadOnlyList<SecretFinding>> ScanAsync(
        IReadOnlyList<ReleaseFile> files,
        IProgress<PackagingProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        var findings = new List<SecretFinding>();
        var filesDone = 0;
        for (var i = 0; i < files.Count; i++)
        {
            var file = files[i];
            progress?.Report(new PackagingProgress(PackagingStage.ScanningForSecrets, file.EntryPath, filesDone, files.Count, 0, 0));
            var reason = ReasonFromName(file.EntryPath) ?? await ReasonFromContentAsync(file, cancellationToken).ConfigureAwait(false);
            if (reason is not null)
            {
                findings.Add(new SecretFinding(file.EntryPath, reason));
            }

            filesDone++;
        }

        progress?.Report(new PackagingProgress(PackagingStage.ScanningForSecrets, null, filesDone, files.Count, 0, 0));
        return findings;
    }

    /// <summary>Judges a path by its name alone.</summary>
    /// <param name="entryPath">A <c>/</c>-separated path.</param>
    /// <returns>Why the name looks like a secret, or <see langword="null"/>.</returns>
    public static string? ReasonFromName(string entryPath)
    {
        ArgumentNullException.ThrowIfNull(entryPath);
        var fileName = entryPath[(entryPath.LastIndexOf('/') + 1)..];
        var lower = fileName.ToLowerInvariant();
        if (lower == ".env" || (lower.StartsWith(".env.", StringComparison.Ordinal) && !EnvTemplateSuffixes.Any(s => lower.EndsWith(s, StringComparison.Ordinal))))
        {
            return ".env file";
        }

        if (PrivateKeyFileNames.Contains(lower) || PrivateKeyExtensions.Any(e => lower.EndsWith(e, StringComparison.Ordinal)))
        {
            return "private key file";
        }

        if (lower == "credentials" && ("/" + entryPath.ToLowerInvariant()).EndsWith("/.aws/credentials", StringComparison.Ordinal))
        {
            return "AWS credentials file";
        }

        return null;
    }

    private static async Task<string?> ReasonFromContentAsync(ReleaseFile file, CancellationToken cancellationToken)
    {
        if (CompressedFileTypes.IsCompressed(file.EntryPath))
        {
            return null;
        }

        var isCredentialsFile = string.Equals(Path.GetFileName(file.EntryPath), "credentials", StringComparison.OrdinalIgnoreCase);
        var stream = file.OpenRead();
        await using (stream.ConfigureAwait(false))
        {
            var bytes = ArrayPool<byte>.Shared.Rent(ChunkSize);
            var chars = ArrayPool<char>.Shared.Rent(ChunkSize + Overlap);
            try
            {
                var carried = 0;
                var first = true;
                int read;
                while ((read = await stream.ReadAtLeastAsync(bytes.AsMemory(0, ChunkSize), ChunkSize, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    if (first && bytes.AsSpan(0, Math.Min(read, 8192)).Contains((byte)0))
                    {
                        return null;
                    }

                    first = false;

                    // Latin-1 maps each byte to one char, so patterns over ASCII match whatever the file's encoding.
                    Encoding.Latin1.GetChars(bytes.AsSpan(0, read), chars.AsSpan(carried));
                    var length = carried + read;
                    var reason = ReasonFromText(chars.AsSpan(0, length), isCredentialsFile);
                    if (reason is not null)
                    {
                        return reason;
                    }

                    // Keep the tail, so a key split across two chunks is still found.
                    carried = Math.Min(Overlap, length);
                    chars.AsSpan(length - carried, carried).CopyTo(chars);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(bytes);
                ArrayPool<char>.Shared.Return(chars);
            }
        }

        return null;
    }

    private static string? ReasonFromText(ReadOnlySpan<char> text, bool isCredentialsFile)
    {
        if (AccessKeyId().IsMatch(text))
        {
            return "AWS access key id";
        }

        if (PrivateKeyBlock().IsMatch(text))
        {
            return "PEM private key block";
        }

        return isCredentialsFile && SecretAccessKeySetting().IsMatch(text) ? "AWS credentials file" : null;
    }

    [GeneratedRegex(@"(?<![A-Z0-9])(AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex AccessKeyId();

    [GeneratedRegex(@"-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY( BLOCK)?-----", RegexOptions.CultureInvariant)]
    private static partial Regex PrivateKeyBlock();

    [GeneratedRegex(@"(?im)^\s*aws_secret_access_key\s*=", RegexOptions.CultureInvariant)]
    private static partial Regex SecretAccessKeySetting();
}
