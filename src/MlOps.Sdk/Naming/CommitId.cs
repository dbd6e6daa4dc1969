namespace MlOps.Sdk.Naming;

/// <summary>
/// The commit id used in names: the 8-character lowercase short SHA that GitLab exposes as <c>CI_COMMIT_SHORT_SHA</c>.
/// </summary>
public static class CommitId
{
    /// <summary>Number of characters of a short commit id.</summary>
    public const int Length = 8;

    /// <summary>The rule, as quoted in validation errors.</summary>
    public const string Rule = "must be the 8-character lowercase hexadecimal short commit SHA (CI_COMMIT_SHORT_SHA)";

    /// <summary>Tells whether <paramref name="value"/> is exactly 8 lowercase hexadecimal characters.</summary>
    /// <param name="value">The candidate commit id.</param>
    /// <returns><see langword="true"/> when it is a valid short commit id.</returns>
    public static bool IsValid(string? value) =>
        value is { Length: Length } && value.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');

    /// <summary>Turns a full or short SHA (any case) into the 8-character short id, or fails naming the field.</summary>
    /// <param name="sha">A commit SHA of at least 8 hexadecimal characters, such as <c>CI_COMMIT_SHA</c>.</param>
    /// <param name="fieldName">The caller's name for the field, used in the error.</param>
    /// <returns>The first 8 characters, lowercased.</returns>
    /// <exception cref="MlOpsValidationException">The value is not hexadecimal or shorter than 8 characters.</exception>
    public static string Shorten(string? sha, string fieldName = "CommitId")
    {
        if (sha is null || sha.Length < Length || sha.Length > 64 || !sha.All(char.IsAsciiHexDigit))
        {
            throw new MlOpsValidationException(fieldName, "must be a hexadecimal commit SHA of 8 to 64 characters");
        }

        return sha[..Length].ToLowerInvariant();
    }

    /// <summary>Fails with a validation error naming <paramref name="fieldName"/> unless <paramref name="value"/> is valid.</summary>
    /// <param name="value">The candidate commit id.</param>
    /// <param name="fieldName">The caller's name for the field.</param>
    /// <returns>The value, when valid.</returns>
    /// <exception cref="MlOpsValidationException">The value is not 8 lowercase hexadecimal characters.</exception>
    public static string Validate(string? value, string fieldName = "CommitId") =>
        IsValid(value) ? value! : throw new MlOpsValidationException(fieldName, Rule);
}
