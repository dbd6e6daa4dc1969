using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace MlOps.Sdk.Naming;

/// <summary>
/// The file name of a release zip: <c>candidate-PR-{PR_ID}-{COMMIT_ID}-{TIMESTAMP}.zip</c> or <c>stable-{TIMESTAMP}.zip</c>.
/// </summary>
/// <remarks>
/// Names parse back to their parts so that retention can reason about old releases. Two names are equal when their file names are.
/// </remarks>
public sealed class ReleaseName : IEquatable<ReleaseName>
{
    /// <summary>Prefix of candidate release names.</summary>
    public const string CandidatePrefix = "candidate-PR-";

    /// <summary>Prefix of stable release names.</summary>
    public const string StablePrefix = "stable-";

    /// <summary>Extension of every release name.</summary>
    public const string Extension = ".zip";

    private const string CandidateShape = "candidate-PR-{PR_ID}-{COMMIT_ID}-{TIMESTAMP}.zip";
    private const string StableShape = "stable-{TIMESTAMP}.zip";
    private const string PullRequestIdRule = "must be a positive whole number without sign or leading zeros (the merge request IID)";
    private const string TimestampRule = "must be a UTC timestamp in the form yyyyMMddTHHmmssZ, such as 20261127T105500Z";

    private ReleaseName(ReleaseKind kind, int? pullRequestId, string? commitId, DateTimeOffset timestamp)
    {
        Kind = kind;
        PullRequestId = pullRequestId;
        CommitId = commitId;
        Timestamp = timestamp;
        FileName = kind == ReleaseKind.Candidate
            ? string.Create(CultureInfo.InvariantCulture, $"{CandidatePrefix}{pullRequestId}-{commitId}-{ReleaseTimestamp.ToText(timestamp)}{Extension}")
            : $"{StablePrefix}{ReleaseTimestamp.ToText(timestamp)}{Extension}";
    }

    /// <summary>Candidate or stable.</summary>
    public ReleaseKind Kind { get; }

    /// <summary>The merge request IID (<c>PR_ID</c>) of a candidate; <see langword="null"/> for a stable release.</summary>
    public int? PullRequestId { get; }

    /// <summary>The 8-character short commit SHA of a candidate; <see langword="null"/> for a stable release.</summary>
    public string? CommitId { get; }

    /// <summary>The release instant, in UTC, whole seconds.</summary>
    public DateTimeOffset Timestamp { get; }

    /// <summary>The file name, such as <c>candidate-PR-7-1a2b3c4d-20261127T105500Z.zip</c>.</summary>
    public string FileName { get; }

    /// <summary>Creates a candidate release name.</summary>
    /// <param name="pullRequestId">The merge request IID, 1 or more.</param>
    /// <param name="commitId">The 8-character lowercase short commit SHA.</param>
    /// <param name="timestamp">The release instant; converted to UTC and truncated to seconds.</param>
    /// <returns>The name.</returns>
    /// <exception cref="MlOpsValidationException">A part breaks its rule; the error names it.</exception>
    public static ReleaseName Candidate(int pullRequestId, string commitId, DateTimeOffset timestamp)
    {
        if (pullRequestId < 1)
        {
            throw new MlOpsValidationException("PR_ID", PullRequestIdRule);
        }

        CommitIdValidate(commitId);
        return new ReleaseName(ReleaseKind.Candidate, pullRequestId, commitId, ValidTimestamp(timestamp));
    }

    /// <summary>Creates a stable release name.</summary>
    /// <param name="timestamp">The release instant; converted to UTC and truncated to seconds.</param>
    /// <returns>The name.</returns>
    /// <exception cref="MlOpsValidationException">The timestamp is out of the representable range.</exception>
    public static ReleaseName Stable(DateTimeOffset timestamp) =>
        new(ReleaseKind.Stable, null, null, ValidTimestamp(timestamp));

    /// <summary>Parses a release file name, failing with an error that names the part at fault.</summary>
    /// <param name="fileName">A file name (not a path), such as <c>stable-20261127T105500Z.zip</c>.</param>
    /// <returns>The parsed name.</returns>
    /// <exception cref="MlOpsValidationException">
    /// The name does not parse; <see cref="MlOpsValidationException.FieldName"/> is <c>ReleaseName</c>, <c>PR_ID</c>,
    /// <c>COMMIT_ID</c> or <c>TIMESTAMP</c>.
    /// </exception>
    public static ReleaseName Parse(string? fileName)
    {
        var name = TryParseCore(fileName, out var field, out var rule);
        return name ?? throw new MlOpsValidationException(field!, rule!, fileName);
    }

    /// <summary>Parses a release file name without throwing.</summary>
    /// <param name="fileName">A file name (not a path).</param>
    /// <param name="name">The parsed name, when parsing succeeds.</param>
    /// <returns><see langword="true"/> when <paramref name="fileName"/> is a valid release name.</returns>
    public static bool TryParse(string? fileName, [NotNullWhen(true)] out ReleaseName? name)
    {
        name = TryParseCore(fileName, out _, out _);
        return name is not null;
    }

    /// <summary>Returns <see cref="FileName"/>.</summary>
    /// <returns>The file name.</returns>
    public override string ToString() => FileName;

    /// <inheritdoc/>
    public bool Equals(ReleaseName? other) => other is not null && string.Equals(FileName, other.FileName, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as ReleaseName);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(FileName);

    private static void CommitIdValidate(string? commitId) => Naming.CommitId.Validate(commitId, "COMMIT_ID");

    private static DateTimeOffset ValidTimestamp(DateTimeOffset timestamp)
    {
        var utc = ReleaseTimestamp.Truncate(timestamp);
        if (utc.Year < 1980)
        {
            // Zip entries carry DOS dates, which start in 1980.
            throw new MlOpsValidationException("TIMESTAMP", "must be in 1980 or later");
        }

        return utc;
    }

    private static ReleaseName? TryParseCore(string? fileName, out string? field, out string? rule)
    {
        field = "ReleaseName";
        rule = null;
        if (string.IsNullOrEmpty(fileName))
        {
            rule = $"must not be empty; expected {CandidateShape} or {StableShape}";
            return null;
        }

        if (!fileName.EndsWith(Extension, StringComparison.Ordinal))
        {
            rule = $"must end with '{Extension}'; expected {CandidateShape} or {StableShape}";
            return null;
        }

        var stem = fileName[..^Extension.Length];
        if (stem.StartsWith(StablePrefix, StringComparison.Ordinal))
        {
            var timestampText = stem[StablePrefix.Length..];
            if (!ReleaseTimestamp.TryParse(timestampText, out var stableTime) || stableTime.Year < 1980)
            {
                field = "TIMESTAMP";
                rule = $"{TimestampRule} (got '{timestampText}')";
                return null;
            }

            return new ReleaseName(ReleaseKind.Stable, null, null, stableTime);
        }

        if (!stem.StartsWith(CandidatePrefix, StringComparison.Ordinal))
        {
            rule = $"must start with '{CandidatePrefix}' or '{StablePrefix}'; expected {CandidateShape} or {StableShape}";
            return null;
        }

        var parts = stem[CandidatePrefix.Length..].Split('-');
        if (parts.Length != 3)
        {
            rule = $"must have three parts after '{CandidatePrefix}', separated by '-': expected {CandidateShape}";
            return null;
        }

        if (!TryParsePullRequestId(parts[0], out var pullRequestId))
        {
            field = "PR_ID";
            rule = $"{PullRequestIdRule} (got '{parts[0]}')";
            return null;
        }

        if (!Naming.CommitId.IsValid(parts[1]))
        {
            field = "COMMIT_ID";
            rule = $"{Naming.CommitId.Rule} (got '{parts[1]}')";
            return null;
        }

        if (!ReleaseTimestamp.TryParse(parts[2], out var candidateTime) || candidateTime.Year < 1980)
        {
            field = "TIMESTAMP";
            rule = $"{TimestampRule} (got '{parts[2]}')";
            return null;
        }

        return new ReleaseName(ReleaseKind.Candidate, pullRequestId, parts[1], candidateTime);
    }

    private static bool TryParsePullRequestId(string text, out int value)
    {
        value = 0;
        if (text.Length is 0 or > 10 || text[0] == '0' || !text.All(char.IsAsciiDigit))
        {
            return false;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value > 0;
    }
}
