using System.Text.RegularExpressions;

namespace MlOps.Pipeline.Tests.Contract;

/// <summary>
/// Reads the contract's tofu side from the HCL text: the ci_variables output's keys, and the audience the CI roles
/// trust. The values themselves are evaluated by terraform test (tofu/tests/ci_oidc.tftest.hcl, stack.tftest.hcl).
/// </summary>
internal static partial class TofuCiReader
{
    public static TofuCi Read(string tofuFolder)
    {
        var outputs = File.ReadAllText(Path.Combine(tofuFolder, "outputs.tf"));
        var value = Block(outputs, "output \"ci_variables\"") is { } block ? Block(block, "value =") : null;
        var entries = value is null ? [] : MapEntry().Matches(value).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value, StringComparer.Ordinal);
        return new TofuCi(
            entries.Keys.ToHashSet(StringComparer.Ordinal),
            entries.Where(e => e.Value.Contains("ecr_", StringComparison.Ordinal)).Select(e => e.Key).ToHashSet(StringComparer.Ordinal),
            TrustedAudience(tofuFolder));
    }

    // The audience is right only when it has one source: the module's variable default, which the root does not
    // override, feeding the provider's client ID and both trust policies' aud condition.
    private static string? TrustedAudience(string tofuFolder)
    {
        var module = Path.Combine(tofuFolder, "modules", "ci_oidc");
        var variable = Block(File.ReadAllText(Path.Combine(module, "variables.tf")), "variable \"audience\"");
        var main = File.ReadAllText(Path.Combine(module, "main.tf"));
        var rootOverride = Block(File.ReadAllText(Path.Combine(tofuFolder, "variables.tf")), "variable \"ci_audience\"");
        var oneSource = AudienceLocal().IsMatch(main)
            && ClientIdAudience().IsMatch(main)
            && AudCondition().Matches(main).Count == 2
            && (rootOverride is null || NullDefault().IsMatch(rootOverride));
        return variable is not null && oneSource && StringDefault().Match(variable) is { Success: true } match ? match.Groups[1].Value : null;
    }

    // The text between the braces that follow the first occurrence of start, or null.
    private static string? Block(string text, string start)
    {
        var at = text.IndexOf(start, StringComparison.Ordinal);
        var open = at < 0 ? -1 : text.IndexOf('{', at);
        if (open < 0)
        {
            return null;
        }

        for (int i = open, depth = 0; i < text.Length; i++)
        {
            depth += text[i] switch { '{' => 1, '}' => -1, _ => 0 };
            if (depth == 0)
            {
                return text[(open + 1)..i];
            }
        }

        return null;
    }

    [GeneratedRegex(@"(?m)^\s*([A-Z][A-Z0-9_]*)\s*=\s*(.+)$")]
    private static partial Regex MapEntry();

    [GeneratedRegex(@"(?m)^\s*default\s*=\s*""([^""]*)""")]
    private static partial Regex StringDefault();

    [GeneratedRegex(@"(?m)^\s*default\s*=\s*null\s*$")]
    private static partial Regex NullDefault();

    [GeneratedRegex(@"(?m)^\s*audience\s*=\s*var\.audience\s*$")]
    private static partial Regex AudienceLocal();

    [GeneratedRegex(@"client_id_list\s*=\s*\[local\.audience\]")]
    private static partial Regex ClientIdAudience();

    [GeneratedRegex(@":aud""\s*=\s*local\.audience")]
    private static partial Regex AudCondition();
}
