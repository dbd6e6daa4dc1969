namespace MlOps.Sdk.Packaging;

/// <summary>
/// The rule for paths inside archives (zip entries and tar entries): relative, <c>/</c>-separated, no empty,
/// <c>.</c> or <c>..</c> segments, no backslashes, no drive letters.
/// </summary>
public static class ArchivePath
{
    /// <summary>Normalizes a relative path to the archive form (strips <c>./</c> and repeated separators), or fails.</summary>
    /// <param name="path">A relative path; <c>\</c> is not accepted.</param>
    /// <param name="fieldName">The field named in the error.</param>
    /// <returns>The path with <c>/</c> separators and no <c>.</c> segments.</returns>
    /// <exception cref="MlOpsValidationException">The path is empty, names the root, is absolute, or holds <c>..</c> or a backslash.</exception>
    public static string Normalize(string? path, string fieldName)
    {
        var problem = Explain(path, out var normalized);
        if (problem is null && normalized!.Length == 0)
        {
            problem = "must name a file, not the root folder";
        }

        return problem is null ? normalized! : throw new MlOpsValidationException(fieldName, $"'{path}' {problem}", path);
    }

    /// <summary>Explains why a path is not a safe relative archive path, or returns <see langword="null"/> with its normal form.</summary>
    /// <param name="path">The path to check.</param>
    /// <param name="normalized">The normalized path when it is safe; empty when the path names the root itself (<c>./</c>).</param>
    /// <returns>The problem, or <see langword="null"/>.</returns>
    public static string? Explain(string? path, out string? normalized)
    {
        normalized = null;
        if (string.IsNullOrEmpty(path))
        {
            return "must not be empty";
        }

        if (path.Contains('\\', StringComparison.Ordinal))
        {
            return "must use '/' as separator, not '\\'";
        }

        if (path.Contains('\0', StringComparison.Ordinal))
        {
            return "must not contain a NUL character";
        }

        if (path[0] == '/' || (path.Length >= 2 && path[1] == ':' && char.IsAsciiLetter(path[0])))
        {
            return "must be relative, not an absolute path";
        }

        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s != ".").ToArray();
        if (segments.Contains(".."))
        {
            return "must not contain '..': it would point outside the archive's root";
        }

        normalized = string.Join('/', segments);
        return null;
    }
}
