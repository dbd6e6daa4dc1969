namespace MlOps.Pipeline.Tests.Sample;

/// <summary>
/// A temporary folder for runs of the main job (samples/run-local.sh): a local-mode home of its own and the run folders.
/// Disposing it deletes the sample's endpoints the runs left (their servers are processes of their own), then the folder.
/// </summary>
internal sealed class SampleRunFolder : IAsyncDisposable
{
    private static readonly string[] SampleEndpoints = ["breast-cancer-endpoint", "breast-cancer-endpoint-candidate-mr7"];

    public string Folder { get; } = Directory.CreateTempSubdirectory("mlops-sample-run-").FullName;

    public string Home => Path.Combine(Folder, "home");

    public string Runs => Path.Combine(Folder, "runs");

    /// <summary>Every release zip the runs wrote.</summary>
    public string[] Zips(string pattern = "*.zip") => Directory.GetFiles(Runs, pattern, SearchOption.AllDirectories);

    /// <summary>Runs the main job over this folder's home, in local mode unless the arguments say otherwise.</summary>
    public Task<ProcessResult> RunAsync(IReadOnlyDictionary<string, string?> environment, params string[] arguments) =>
        ChildProcess.RunAsync(
            "bash",
            [Path.Combine(RepositoryPaths.Samples, "run-local.sh"), .. arguments],
            RepositoryPaths.Root,
            new Dictionary<string, string?>(environment) { ["MLOPS_HOME"] = Home, ["MLOPS_SAMPLE_RUNS"] = Runs, ["MLOPS_MODE"] = null });

    public Task<ProcessResult> RunAsync(params string[] arguments) => RunAsync(new Dictionary<string, string?>(), arguments);

    public async ValueTask DisposeAsync()
    {
        await DeleteSampleEndpointsAsync(Home);
        Directory.Delete(Folder, recursive: true);
    }

    /// <summary>Deletes the endpoints the sample's pipelines create in a home, so no model server outlives a test.</summary>
    public static async Task DeleteSampleEndpointsAsync(string home)
    {
        await using var state = new LocalState(home);
        foreach (var endpoint in SampleEndpoints)
        {
            await state.Endpoints.DeleteEndpointAsync(endpoint);
        }
    }
}
