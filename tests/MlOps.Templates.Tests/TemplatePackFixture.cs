namespace MlOps.Templates.Tests;

/// <summary>
/// Packs the template pack into a temporary feed once and installs it with `dotnet new install` in an isolated
/// DOTNET_CLI_HOME, so the tests never touch the templates installed for the user.
/// </summary>
public sealed class TemplatePackFixture : IAsyncLifetime
{
    private readonly Dictionary<string, Task<GeneratedProject>> _projects = new(StringComparer.Ordinal);

    public string RepositoryRoot { get; } = FindRepositoryRoot();

    public string WorkDirectory { get; } = Directory.CreateTempSubdirectory("mlops-templates-tests-").FullName;

    public string CliHome => Path.Combine(WorkDirectory, "cli-home");

    public string Feed => Path.Combine(WorkDirectory, "feed");

    public string PackagePath { get; private set; } = string.Empty;

    public IReadOnlyDictionary<string, string> IsolatedCli => new Dictionary<string, string> { ["DOTNET_CLI_HOME"] = CliHome };

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(CliHome);
        var project = Path.Combine(RepositoryRoot, "templates", "MlOps.Templates", "MlOps.Templates.csproj");
        (await CommandRunner.RunAsync("dotnet", ["pack", project, "--configuration", "Release", "--output", Feed], RepositoryRoot))
            .EnsureSuccess();
        PackagePath = Assert.Single(Directory.GetFiles(Feed, "MlOps.Templates.*.nupkg"));
        (await CommandRunner.RunAsync("dotnet", ["new", "install", PackagePath], WorkDirectory, IsolatedCli)).EnsureSuccess();
    }

    /// <summary>Runs `dotnet new` with the installed pack; returns the generated folder.</summary>
    public async Task<string> InstantiateAsync(string shortName, string name, params string[] options)
    {
        var output = Path.Combine(WorkDirectory, "generated", $"{shortName}-{name}-{Guid.NewGuid():N}");
        (await CommandRunner.RunAsync(
            "dotnet",
            ["new", shortName, "--name", name, "--output", output, "--no-update-check", .. options],
            WorkDirectory,
            IsolatedCli)).EnsureSuccess();
        return output;
    }

    /// <summary>
    /// Generates a project and builds its solution, once per key; tests that share a key share the build, which is
    /// what keeps the suite within minutes on two cores.
    /// </summary>
    public Task<GeneratedProject> GenerateAndBuildAsync(string shortName, string name, params string[] options)
    {
        var key = $"{shortName}|{name}|{string.Join(' ', options)}";
        lock (_projects)
        {
            if (!_projects.TryGetValue(key, out var project))
            {
                project = GenerateAndBuildCoreAsync(shortName, name, options);
                _projects[key] = project;
            }

            return project;
        }
    }

    public Task DisposeAsync()
    {
        Directory.Delete(WorkDirectory, recursive: true);
        return Task.CompletedTask;
    }

    private async Task<GeneratedProject> GenerateAndBuildCoreAsync(string shortName, string name, string[] options)
    {
        var project = new GeneratedProject(await InstantiateAsync(shortName, name, options), name);
        (await CommandRunner.RunAsync("dotnet", ["build", project.Solution], project.Directory)).EnsureSuccess();
        return project;
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "MlOps.Sdk.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No MlOps.Sdk.sln above {AppContext.BaseDirectory}: run the tests from the repository.");
    }
}
