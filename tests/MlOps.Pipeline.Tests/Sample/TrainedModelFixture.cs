namespace MlOps.Pipeline.Tests.Sample;

/// <summary>
/// One local-mode home where the training project's pipeline ran as the default branch (gitlab-ci-local), so the
/// model package group holds an approved model for the endpoint pipelines. Deletes every endpoint it leaves.
/// </summary>
public sealed class TrainedModelFixture : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mlops-gitlab-ci-local-").FullName;

    public string Home => Path.Combine(_folder, "home");

    internal ProcessResult? TrainingOnMain { get; private set; }

    internal IReadOnlyList<string> TrainingOnMainJobs { get; private set; } = [];

    internal string[] TrainingOnMainZips { get; private set; } = [];

    public async Task InitializeAsync()
    {
        GitLabCiLocal.RequireTools();
        var pack = await ChildProcess.RunAsync("bash", [Path.Combine(RepositoryPaths.Samples, "pack-sdk.sh")], RepositoryPaths.Root);
        Assert.True(pack.ExitCode == 0, pack.Output);
        var training = new GitLabCiLocal("breast-cancer-training", Home);
        await training.PrepareAsync("main");
        TrainingOnMain = await training.RunAsync(mergeRequest: false);
        TrainingOnMainJobs = training.JobsThatRan();
        TrainingOnMainZips = training.Zips("stable-*.zip");
    }

    public async Task DisposeAsync()
    {
        await SampleRunFolder.DeleteSampleEndpointsAsync(Home);
        Directory.Delete(_folder, recursive: true);
    }
}
