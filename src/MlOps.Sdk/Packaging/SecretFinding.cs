namespace MlOps.Sdk.Packaging;

/// <summary>A file that looks like it holds a secret: where, and which rule found it. Never the secret itself.</summary>
/// <param name="EntryPath">The file's path inside the release.</param>
/// <param name="RuleId">The rule's stable id, such as <c>gitlab-pat</c>; <see cref="SecretAllowList"/> entries name it.</param>
/// <param name="Reason">What gave it away, such as <c>AWS access key id</c> or <c>.env file</c>.</param>
/// <param name="Line">The 1-based line of the match; <see langword="null"/> when the file's name gave it away.</param>
public sealed record SecretFinding(string EntryPath, string RuleId, string Reason, int? Line)
{
    /// <summary>The finding for a person: <c>path:line rule-id (reason)</c>.</summary>
    /// <returns>The text, which names no part of the secret.</returns>
    public override string ToString() =>
        Line is { } line ? $"{EntryPath}:{line.ToString(System.Globalization.CultureInfo.InvariantCulture)} {RuleId} ({Reason})" : $"{EntryPath} {RuleId} ({Reason})";
}
