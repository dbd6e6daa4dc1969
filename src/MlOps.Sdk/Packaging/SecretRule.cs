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

    /// <summary>A further check of a match, such as the entropy of an assigned value; <see langword="null"/> accepts every match.</summary>
    public Func<Match, bool>? Accept { get; init; }

    /// <summary>Tells whether the content rule applies to a file.</summary>
    /// <param name="lowerFileName">The file's name, lower case, without folders.</param>
    /// <returns><see langword="true"/> when the file is searched with this rule.</returns>
    public bool AppliesTo(string lowerFileName) => Pattern is not null && (OnlyInFileNames is null || OnlyInFileNames.Contains(lowerFileName));
}
