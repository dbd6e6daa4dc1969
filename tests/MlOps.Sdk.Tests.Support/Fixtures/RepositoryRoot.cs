namespace MlOps.Sdk.Tests.Fixtures;

/// <summary>The checkout the tests run from: the folder above the test binaries that holds MlOps.Sdk.sln.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    /// <summary>A path under the root, given by repository-relative parts.</summary>
    public static string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(System.IO.Path.Combine(directory.FullName, "MlOps.Sdk.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("the repository root (MlOps.Sdk.sln) was not found above the test binaries");
    }
}
