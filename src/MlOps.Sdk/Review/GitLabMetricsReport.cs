using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace MlOps.Sdk.Review;

/// <summary>
/// The model's metrics as GitLab's metrics report (<c>artifacts:reports:metrics</c>): one <c>name value</c> line per
/// metric in the OpenMetrics text format, which the merge request's widget shows beside the target branch's values.
/// </summary>
public static partial class GitLabMetricsReport
{
    /// <summary>Writes the report; names are made OpenMetrics names (letters, digits, <c>_</c> and <c>:</c>), values invariant.</summary>
    /// <param name="metrics">Metric name to value; names that collide once made valid keep the first in name order.</param>
    /// <returns>The text, one line per finite value, sorted by name.</returns>
    public static string Write(IReadOnlyDictionary<string, double> metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var lines = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var (name, value) in metrics.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            if (double.IsFinite(value))
            {
                lines.TryAdd(MetricName(name), value);
            }
        }

        var text = new StringBuilder();
        foreach (var (name, value) in lines)
        {
            text.Append(name).Append(' ').Append(value.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>A valid OpenMetrics name for <paramref name="name"/>: <c>validation:auc</c> stays, <c>val-auc</c> becomes <c>val_auc</c>.</summary>
    /// <param name="name">Any metric name.</param>
    /// <returns>The name with every other character replaced by <c>_</c>, and a leading digit prefixed.</returns>
    public static string MetricName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var valid = InvalidCharacter().Replace(name, "_");
        return char.IsAsciiDigit(valid[0]) ? "_" + valid : valid;
    }

    [GeneratedRegex("[^a-zA-Z0-9_:]")]
    private static partial Regex InvalidCharacter();
}
