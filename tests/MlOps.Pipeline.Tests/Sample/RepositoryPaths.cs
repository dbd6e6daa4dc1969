namespace MlOps.Pipeline.Tests.Sample;

/// <summary>Finds the repository the tests run in, from the test assembly's folder upwards.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Samples => Path.Combine(Root, "samples");

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "MlOps.Sdk.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No MlOps.Sdk.sln above {AppContext.BaseDirectory}.");
    }
}
