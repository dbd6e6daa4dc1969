namespace MlOps.Sdk.LocalWire.Logs;

/// <summary>
/// The plain-term form of CloudWatch Logs' filter patterns: an event matches when it contains every term (terms are
/// separated by spaces; a double-quoted term may hold spaces). JSON (<c>{ ... }</c>), space-delimited (<c>[ ... ]</c>),
/// <c>?</c>-alternative and <c>-</c>-exclusion patterns are refused rather than half-answered.
/// </summary>
internal sealed class LogFilterPattern
{
    private readonly IReadOnlyList<string> terms;

    private LogFilterPattern(IReadOnlyList<string> terms) => this.terms = terms;

    /// <summary>Reads a pattern; <see langword="null"/> or blank matches everything.</summary>
    /// <param name="pattern">The request's <c>filterPattern</c>.</param>
    /// <returns>The pattern.</returns>
    public static LogFilterPattern Parse(string? pattern)
    {
        var text = pattern?.Trim() ?? string.Empty;
        if (text.Length > 0 && (text[0] is '{' or '[' || text.Split(' ').Any(term => term.StartsWith('?') || term.StartsWith('-'))))
        {
            throw new MlOpsException($"The local server answers filter patterns of plain terms only, not '{text}'.", "InvalidParameterException", System.Net.HttpStatusCode.BadRequest);
        }

        var terms = new List<string>();
        for (var i = 0; i < text.Length;)
        {
            if (text[i] == ' ')
            {
                i++;
            }
            else if (text[i] == '"')
            {
                var close = text.IndexOf('"', i + 1);
                var end = close < 0 ? text.Length : close;
                terms.Add(text[(i + 1)..end]);
                i = end + 1;
            }
            else
            {
                var space = text.IndexOf(' ', i);
                var end = space < 0 ? text.Length : space;
                terms.Add(text[i..end]);
                i = end;
            }
        }

        return new LogFilterPattern(terms);
    }

    /// <summary>Whether a line matches (terms are case-sensitive, as CloudWatch Logs has them).</summary>
    /// <param name="message">The event's message.</param>
    /// <returns><see langword="true"/> when it holds every term.</returns>
    public bool Matches(string message) => terms.All(term => message.Contains(term, StringComparison.Ordinal));
}
