using System.Buffers;
using System.Numerics;
using System.Text;

namespace MlOps.Sdk.Packaging;

/// <summary>
/// Finds files that look like secrets before they are packaged: by name (<c>.env</c>, private keys, AWS, git, npm, PyPI
/// and kube credentials, <c>.netrc</c>, Terraform state) and by content (cloud, GitLab, GitHub, Slack, Hugging Face,
/// OpenAI and npm tokens, PEM private keys, and passwords or secrets assigned a random-looking literal). Findings name
/// the file, the line and the rule, never the secret.
/// </summary>
/// <remarks>
/// Content is read by streaming. UTF-16 files (with a byte order mark, or detected by their zero bytes) are decoded;
/// other binary files are searched through their printable runs. Already-compressed files are not searched, since their
/// bytes hold no readable text.
/// </remarks>
public static class SecretScanner
{
    private const int ChunkSize = 64 * 1024;
    private const int SniffLength = 8192;
    private const int MaxFindingsPerFile = 10;

    private static readonly string[] PrivateKeyFileNames = ["id_rsa", "id_dsa", "id_ecdsa", "id_ed25519"];
    private static readonly string[] PrivateKeyExtensions = [".key", ".p12", ".pfx", ".jks", ".keystore"];
    private static readonly string[] EnvTemplateSuffixes = [".example", ".sample", ".template", ".dist"];

    private enum TextKind
    {
        Text,
        Utf16LittleEndian,
        Utf16BigEndian,
        Binary,
    }

    /// <summary>Scans every file and returns every finding the allow-list does not accept, in the order of <paramref name="files"/>.</summary>
    /// <param name="files">The files to scan.</param>
    /// <param name="allowList">Accepted false positives; none when <see langword="null"/>.</param>
    /// <param name="progress">Receives a report per file.</param>
    /// <param name="cancellationToken">Stops the scan.</param>
    /// <returns>The findings; empty when nothing looks like a secret.</returns>
    public static async Task<IReadOnlyList<SecretFinding>> ScanAsync(
        IReadOnlyList<ReleaseFile> files,
        SecretAllowList? allowList = null,
        IProgress<PackagingProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        allowList ??= SecretAllowList.Empty;
        var findings = new List<SecretFinding>();
        var found = new List<SecretFinding>();
        for (var i = 0; i < files.Count; i++)
        {
            var file = files[i];
            progress?.Report(new PackagingProgress(PackagingStage.ScanningForSecrets, file.EntryPath, i, files.Count, 0, 0));
            found.Clear();
            if (RuleFromName(file.EntryPath) is { } rule)
            {
                found.Add(new SecretFinding(file.EntryPath, rule.Id, rule.Description, null));
            }

            await ScanContentAsync(file, found, cancellationToken).ConfigureAwait(false);
            if (found.Count > 0)
            {
                findings.AddRange(found.Where(f => !allowList.Allows(f)));
            }
        }

        progress?.Report(new PackagingProgress(PackagingStage.ScanningForSecrets, null, files.Count, files.Count, 0, 0));
        return findings;
    }

    /// <summary>Judges a path by its name alone.</summary>
    /// <param name="entryPath">A <c>/</c>-separated path.</param>
    /// <returns>Why the name looks like a secret, or <see langword="null"/>.</returns>
    public static string? ReasonFromName(string entryPath) => RuleFromName(entryPath)?.Description;

    private static SecretRule? RuleFromName(string entryPath)
    {
        ArgumentNullException.ThrowIfNull(entryPath);
        var lowerPath = "/" + entryPath.ToLowerInvariant();
        var lower = lowerPath[(lowerPath.LastIndexOf('/') + 1)..];
        if (lower == ".env" || (lower.StartsWith(".env.", StringComparison.Ordinal) && !EnvTemplateSuffixes.Any(s => lower.EndsWith(s, StringComparison.Ordinal))))
        {
            return SecretRules.EnvFile;
        }

        if (PrivateKeyFileNames.Contains(lower) || PrivateKeyExtensions.Any(e => lower.EndsWith(e, StringComparison.Ordinal)))
        {
            return SecretRules.PrivateKeyFile;
        }

        return lower switch
        {
            "credentials" when lowerPath.EndsWith("/.aws/credentials", StringComparison.Ordinal) => SecretRules.AwsCredentialsFile,
            ".netrc" or "_netrc" => SecretRules.NetrcFile,
            ".git-credentials" => SecretRules.GitCredentialsFile,
            ".pypirc" => SecretRules.PypircFile,
            "kubeconfig" => SecretRules.KubeconfigFile,
            "config" when lowerPath.EndsWith("/.kube/config", StringComparison.Ordinal) => SecretRules.KubeconfigFile,
            _ when lower.EndsWith(".kubeconfig", StringComparison.Ordinal) => SecretRules.KubeconfigFile,
            _ when lower.EndsWith(".tfstate", StringComparison.Ordinal) || lower.EndsWith(".tfstate.backup", StringComparison.Ordinal) => SecretRules.TerraformStateFile,
            _ => null,
        };
    }

    private static async Task ScanContentAsync(ReleaseFile file, List<SecretFinding> findings, CancellationToken cancellationToken)
    {
        if (CompressedFileTypes.IsCompressed(file.EntryPath))
        {
            return;
        }

        var lowerName = Path.GetFileName(file.EntryPath).ToLowerInvariant();
        var stream = await file.OpenReadAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var bytes = ArrayPool<byte>.Shared.Rent(ChunkSize);
            var chars = ArrayPool<char>.Shared.Rent(ChunkSize + SecretRules.LongestMatch + 2);
            try
            {
                var kind = TextKind.Text;
                Decoder? decoder = null;
                var carried = 0;
                var lineOfFirstChar = 1;
                var first = true;
                int read;
                while ((read = await stream.ReadAtLeastAsync(bytes.AsMemory(0, ChunkSize), ChunkSize, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    var start = 0;
                    if (first)
                    {
                        (kind, start) = Sniff(bytes.AsSpan(0, read));
                        decoder = kind switch
                        {
                            TextKind.Utf16LittleEndian => Encoding.Unicode.GetDecoder(),
                            TextKind.Utf16BigEndian => Encoding.BigEndianUnicode.GetDecoder(),
                            _ => null,
                        };
                        first = false;
                    }

                    var input = bytes.AsSpan(start, read - start);
                    if (kind == TextKind.Binary)
                    {
                        MaskNonText(input);
                    }

                    var output = chars.AsSpan(carried);
                    var decoded = decoder is null ? Encoding.Latin1.GetChars(input, output) : decoder.GetChars(input, output, flush: false);

                    var length = carried + decoded;
                    if (Search(chars.AsSpan(0, length), lineOfFirstChar, lowerName, file.EntryPath, findings))
                    {
                        return;
                    }

                    // Keep the tail, so a secret split across two reads is still found; findings are kept once per rule and line.
                    carried = Math.Min(SecretRules.LongestMatch, length);
                    lineOfFirstChar += chars.AsSpan(0, length - carried).Count('\n');
                    chars.AsSpan(length - carried, carried).CopyTo(chars);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(bytes);
                ArrayPool<char>.Shared.Return(chars);
            }
        }
    }

    // Returns true once the file has enough findings to be refused and listed.
    // The rules are filtered here, by index, rather than into an array per file: a file's scan then allocates no list of them.
    private static bool Search(ReadOnlySpan<char> text, int lineOfFirstChar, string lowerFileName, string entryPath, List<SecretFinding> findings)
    {
        var rules = SecretRules.ContentRules;
        for (var r = 0; r < rules.Count; r++)
        {
            var rule = rules[r];
            if (!rule.AppliesTo(lowerFileName) || !rule.CanMatch(text))
            {
                continue;
            }

            foreach (var match in rule.Pattern!.EnumerateMatches(text))
            {
                if (rule.Accept is { } accept && !accept(rule.Pattern.Match(text.Slice(match.Index, match.Length).ToString())))
                {
                    continue;
                }

                var line = lineOfFirstChar + text[..match.Index].Count('\n');
                if (!findings.Any(f => f.RuleId == rule.Id && f.Line == line))
                {
                    findings.Add(new SecretFinding(entryPath, rule.Id, rule.Description, line));
                }

                if (findings.Count >= MaxFindingsPerFile)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static (TextKind Kind, int Start) Sniff(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 2 && head[0] == 0xFF && head[1] == 0xFE)
        {
            return (TextKind.Utf16LittleEndian, 2);
        }

        if (head.Length >= 2 && head[0] == 0xFE && head[1] == 0xFF)
        {
            return (TextKind.Utf16BigEndian, 2);
        }

        var sample = head[..Math.Min(head.Length, SniffLength)];
        if (!sample.Contains((byte)0))
        {
            return (TextKind.Text, 0);
        }

        // UTF-16 without a byte order mark: ASCII text puts a zero in every other byte, and almost never in the others.
        int zerosAtEven = 0, zerosAtOdd = 0;
        for (var i = 0; i < sample.Length; i++)
        {
            if (sample[i] == 0)
            {
                if ((i & 1) == 0)
                {
                    zerosAtEven++;
                }
                else
                {
                    zerosAtOdd++;
                }
            }
        }

        var half = sample.Length / 2;
        if (half > 0 && zerosAtOdd > half * 0.3 && zerosAtEven < half * 0.02)
        {
            return (TextKind.Utf16LittleEndian, 0);
        }

        if (half > 0 && zerosAtEven > half * 0.3 && zerosAtOdd < half * 0.02)
        {
            return (TextKind.Utf16BigEndian, 0);
        }

        return (TextKind.Binary, 0);
    }

    // Binary bytes become spaces, so a token embedded in a binary file is found with the same word boundaries as in text.
    // It is done to the bytes, before Latin-1 widens each to the char of the same value, a vector at a time: the loop over
    // chars it replaced took a quarter of a binary file's scan.
    private static void MaskNonText(Span<byte> bytes)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var space = new Vector<byte>((byte)' ');
            var tilde = new Vector<byte>((byte)'~');
            var newline = new Vector<byte>((byte)'\n');
            var tab = new Vector<byte>((byte)'\t');
            for (; i <= bytes.Length - Vector<byte>.Count; i += Vector<byte>.Count)
            {
                var block = new Vector<byte>(bytes[i..]);
                var text = (Vector.GreaterThanOrEqual(block, space) & Vector.LessThanOrEqual(block, tilde)) | Vector.Equals(block, newline) | Vector.Equals(block, tab);
                Vector.ConditionalSelect(text, block, space).CopyTo(bytes[i..]);
            }
        }

        for (; i < bytes.Length; i++)
        {
            var b = bytes[i];
            if ((b < ' ' && b != '\n' && b != '\t') || b > '~')
            {
                bytes[i] = (byte)' ';
            }
        }
    }
}
