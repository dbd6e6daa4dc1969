using System.Text;
using System.Text.RegularExpressions;

namespace MlOps.Sdk.Packaging;

/// <summary>
/// The project's accepted false positives of the secret scanner, from <c>.mlops-secrets-allow</c> at the project's root.
/// Each line is <c>&lt;path&gt; &lt;rule-id or *&gt; &lt;reason&gt;</c>; <c>#</c> starts a comment. Paths are relative to
/// the project folder and match the files packaged under <c>source/</c>. An entry without a reason, or naming an unknown
/// rule, is an error: an allow-list nobody can review would hide real leaks.
/// </summary>
public sealed class SecretAllowList
{
    /// <summary>The allow-list's file name, at the root of the project's source folder.</summary>
    public const string FileName = ".mlops-secrets-allow";

    /// <summary>The field named in errors about the allow-list.</summary>
    public const string FieldName = "SecretAllowList";

    private readonly (SecretAllowEntry Entry, Regex Path)[] _entries;

    private SecretAllowList(IReadOnlyList<SecretAllowEntry> entries)
    {
        Entries = entries;
        _entries = [.. entries.Select(e => (e, GlobToRegex(e.PathPattern)))];
    }

    /// <summary>An allow-list that accepts nothing.</summary>
    public static SecretAllowList Empty { get; } = new([]);

    /// <summary>The entries, in file order.</summary>
    public IReadOnlyList<SecretAllowEntry> Entries { get; }

    /// <summary>Reads <see cref="FileName"/> from a project folder.</summary>
    /// <param name="projectDirectory">The project's source folder.</param>
    /// <returns>The allow-list; <see cref="Empty"/> when the folder has no such file.</returns>
    /// <exception cref="MlOpsValidationException">An entry lacks a path, rule or reason, or names an unknown rule.</exception>
    public static SecretAllowList Load(string projectDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(projectDirectory);
        var path = Path.Combine(projectDirectory, FileName);
        return File.Exists(path) ? Parse(File.ReadAllText(path, Encoding.UTF8)) : Empty;
    }

    /// <summary>Parses the allow-list's text.</summary>
    /// <param name="text">The file's content.</param>
    /// <returns>The allow-list.</returns>
    /// <exception cref="MlOpsValidationException">An entry lacks a path, rule or reason, or names an unknown rule.</exception>
    public static SecretAllowList Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var entries = new List<SecretAllowEntry>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var parts = line.Split((char[]?)null, 3, StringSplitOptions.RemoveEmptyEntries);
            var where = $"{FileName} line {i + 1}";
            if (parts.Length < 3 || parts[2].TrimStart('#', ' ').Length == 0)
            {
                throw new MlOpsValidationException(FieldName, $"{where}: each entry needs a path, a rule id (or *) and a reason, such as 'tests/Data/fake.pem private-key test fixture, not a real key'");
            }

            if (parts[1] != "*" && SecretRules.Find(parts[1]) is null)
            {
                throw new MlOpsValidationException(FieldName, $"{where}: '{parts[1]}' is not a rule id; known rules: {string.Join(", ", SecretRules.NameRules.Concat(SecretRules.ContentRules).Select(r => r.Id).Distinct())}");
            }

            if (ArchivePath.Explain(parts[0].Replace("**", "x", StringComparison.Ordinal).Replace('*', 'x'), out _) is { } problem)
            {
                throw new MlOpsValidationException(FieldName, $"{where}: the path {problem}");
            }

            entries.Add(new SecretAllowEntry(parts[0], parts[1], parts[2].TrimStart('#', ' ')));
        }

        return new SecretAllowList(entries);
    }

    /// <summary>Tells whether a finding is an accepted false positive.</summary>
    /// <param name="finding">The finding.</param>
    /// <returns><see langword="true"/> when an entry covers the finding's file and rule.</returns>
    public bool Allows(SecretFinding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        const string Source = "source/";
        if (!finding.EntryPath.StartsWith(Source, StringComparison.Ordinal))
        {
            return false;
        }

        var path = finding.EntryPath[Source.Length..];
        return _entries.Any(e => (e.Entry.RuleId == "*" || e.Entry.RuleId == finding.RuleId) && e.Path.IsMatch(path));
    }

    private static Regex GlobToRegex(string glob)
    {
        var pattern = new StringBuilder("^");
        for (var i = 0; i < glob.Length; i++)
        {
            if (glob[i] == '*' && i + 1 < glob.Length && glob[i + 1] == '*')
            {
                pattern.Append(".*");
                i++;
            }
            else if (glob[i] == '*')
            {
                pattern.Append("[^/]*");
            }
            else
            {
                pattern.Append(Regex.Escape(glob[i].ToString()));
            }
        }

        return new Regex(pattern.Append('$').ToString(), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }
}
