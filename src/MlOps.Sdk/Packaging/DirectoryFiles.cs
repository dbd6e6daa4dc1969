namespace MlOps.Sdk.Packaging;

/// <summary>
/// Lists the files below a folder for packaging, sorted, including hidden ones (so secrets such as <c>.env</c> are seen
/// and refused rather than silently skipped). A symbolic link is followed only when it points to a file inside the folder.
/// </summary>
internal static class DirectoryFiles
{
    /// <summary>Lists the files below <paramref name="root"/>.</summary>
    /// <param name="root">The folder.</param>
    /// <param name="fieldName">The request field that named the folder, for errors.</param>
    /// <returns>Relative <c>/</c>-separated paths with their full paths, sorted by relative path (ordinal).</returns>
    /// <exception cref="MlOpsValidationException">The folder is missing, or holds a link that points outside it or to a folder.</exception>
    public static IReadOnlyList<(string RelativePath, string FullPath)> List(string root, string fieldName)
    {
        var fullRoot = Path.GetFullPath(root);
        if (!Directory.Exists(fullRoot))
        {
            throw new MlOpsValidationException(fieldName, $"must be an existing folder (got '{root}')", root);
        }

        var files = new List<(string, string)>();
        Walk(fullRoot, fullRoot, fieldName, files);
        files.Sort((a, b) => string.CompareOrdinal(a.Item1, b.Item1));
        return files;
    }

    /// <summary>Checks that a file is a regular file, or a link to one inside <paramref name="root"/>.</summary>
    /// <param name="root">The folder the file must stay within.</param>
    /// <param name="fullPath">The file.</param>
    /// <param name="fieldName">The request field, for errors.</param>
    /// <exception cref="MlOpsValidationException">The file is missing, or a link pointing elsewhere.</exception>
    public static void CheckFile(string root, string fullPath, string fieldName)
    {
        var info = new FileInfo(fullPath);
        if (info.LinkTarget is not null)
        {
            var target = info.ResolveLinkTarget(returnFinalTarget: true);
            if (target is not FileInfo { Exists: true } || !IsInside(Path.GetFullPath(root), target.FullName))
            {
                throw new MlOpsValidationException(fieldName, $"'{fullPath}' is a symbolic link to '{info.LinkTarget}', which is not a file inside '{root}'", fullPath);
            }

            return;
        }

        if (!info.Exists)
        {
            throw new MlOpsValidationException(fieldName, $"'{fullPath}' does not exist", fullPath);
        }
    }

    /// <summary>Tells whether <paramref name="path"/> lies inside the folder <paramref name="root"/> (both full paths).</summary>
    /// <param name="root">A full folder path.</param>
    /// <param name="path">A full path.</param>
    /// <returns><see langword="true"/> when inside.</returns>
    public static bool IsInside(string root, string path)
    {
        var prefix = Path.EndsInDirectorySeparator(root) ? root : root + Path.DirectorySeparatorChar;
        return path.StartsWith(prefix, OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
    }

    private static void Walk(string root, string directory, string fieldName, List<(string, string)> files)
    {
        var options = new EnumerationOptions { AttributesToSkip = 0, RecurseSubdirectories = false, IgnoreInaccessible = false };
        foreach (var entry in new DirectoryInfo(directory).EnumerateFileSystemInfos("*", options))
        {
            if (entry is DirectoryInfo subdirectory)
            {
                if (subdirectory.LinkTarget is not null)
                {
                    throw new MlOpsValidationException(fieldName, $"'{entry.FullName}' is a symbolic link to a folder; only files and real folders are packaged", entry.FullName);
                }

                Walk(root, subdirectory.FullName, fieldName, files);
                continue;
            }

            CheckFile(root, entry.FullName, fieldName);
            files.Add((Path.GetRelativePath(root, entry.FullName).Replace(Path.DirectorySeparatorChar, '/'), entry.FullName));
        }
    }
}
