using MlOps.Pipeline.Tests.Sample;
using MlOps.Sdk.Stages;

namespace MlOps.Pipeline.Tests.Stages;

/// <summary>
/// The sample's two projects copied into a temporary folder, with one local-mode home where the trainer was built, a
/// model trained and registered Approved, and the endpoint's server built: every default-branch run starts from the
/// state that left (<see cref="ReadyState"/>) and goes on with deploy and test. Disposing it deletes the endpoints.
/// </summary>
public sealed class ProductionEndpointFixture : IAsyncLifetime
{
    public const string Group = "concurrency-models";

    /// <summary>The endpoints the tests deploy, one per test, deleted when the fixture is disposed.</summary>
    public static readonly string[] Endpoints = ["concurrency-test-endpoint", "concurrency-deploy-endpoint", "concurrency-nowait-endpoint"];

    private readonly string _folder = Directory.CreateTempSubdirectory("mlops-production-").FullName;

    public string Home => Path.Combine(_folder, "home");

    public string Training => Path.Combine(_folder, "breast-cancer-training");

    public string Endpoint => Path.Combine(_folder, "breast-cancer-endpoint");

    /// <summary>What the build, train and register stages handed on: the serving image and the Approved version.</summary>
    public string ReadyState => Path.Combine(_folder, "ready-state.json");

    /// <summary>A default-branch pipeline with this id, from <see cref="ReadyState"/>.</summary>
    internal StageRun Pipeline(long id) => new(Home, ReadyState, $"pipeline-{id}", pipelineId: id);

    public async Task InitializeAsync()
    {
        ReviewProjectFixture.Copy(Path.Combine(RepositoryPaths.Samples, "breast-cancer-training"), Training);
        ReviewProjectFixture.Copy(Path.Combine(RepositoryPaths.Samples, "breast-cancer-endpoint"), Endpoint);
        var run = new StageRun(Home, ReadyState, "ready");
        var exitCode = await run.RunAsync(
            new PipelineStep(new BuildStage(), Training),
            new PipelineStep(new TrainStage(), Training),
            new PipelineStep(new RegisterStage(), Training, "--group", Group, "--approval-status", "Approved"),
            new PipelineStep(new BuildStage(), Endpoint));
        Assert.True(exitCode == StageExitCode.Success, run.Output);
        File.Copy(run.StateFile, ReadyState);
    }

    public async Task DisposeAsync()
    {
        await using (var state = new LocalState(Home))
        {
            foreach (var endpoint in Endpoints)
            {
                await state.Endpoints.DeleteEndpointAsync(endpoint);
            }
        }

        Directory.Delete(_folder, recursive: true);
    }
}
