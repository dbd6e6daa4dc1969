using System.Buffers;
using System.Text.RegularExpressions;

namespace MlOps.Sdk.Packaging;

/// <summary>One kind of secret the scanner recognises: by a file's name, or by a pattern in its content.</summary>
/// <param name="Id">A stable identifier, such as <c>gitlab-pat</c>; allow-list entries name it.</param>
/// <param name="Description">What the rule finds, for a person, such as <c>GitLab personal access token</c>.</param>
internal sealed record SecretRule(string Id, string Description)
{
    /// <summary>The content pattern; <see langword="null"/> for rules that judge file names only.</summary>
    public Regex? Pattern { get; init; }

    /// <summary>Lower-case file names the content rule is limited to; <see langword="null"/> for every file.</summary>
    public IReadOnlyList<string>? OnlyInFileNames { get; init; }

    /// <summary>
    /// Words of which every match of <see cref="Pattern"/> holds one; <see langword="null"/> when the pattern's own search
    /// is quick. Text holding none of them cannot match, so the pattern is not run over it.
    /// </summary>
    /// <remarks>
    /// A pattern that opens with a loop or an alternation makes the regex engine try it at every position: the password
    /// rule alone took 15 s of a 1 GiB model's scan. One vectorised search for its words skips the text where it cannot match.
    /// </remarks>
    public SearchValues<string>? RequiredWords { get; init; }

    /// <summary>Tells whether <paramref name="text"/> can hold a match: it holds one of the <see cref="RequiredWords"/>.</summary>
    /// <param name="text">The text about to be searched.</param>
    /// <returns><see langword="false"/> only when no match is possible.</returns>
    public bool CanMatch(ReadOnlySpan<char> text) => RequiredWords is not { } words || text.IndexOfAny(words) >= 0;

    /// <summary>A further check of a match, such as the entropy of an assigned value; <see langword="null"/> accepts every match.</summary>
    public Func<Match, bool>? Accept { get; init; }

    /// <summary>Tells whether the content rule applies to a file.</summary>
    /// <param name="lowerFileName">The file's name, lower case, without folders.</param>
    /// <returns><see langword="true"/> when the file is searched with this rule.</returns>
    public bool AppliesTo(string lowerFileName) => Pattern is not null && (OnlyInFileNames is null || OnlyInFileNames.Contains(lowerFileName));
}
