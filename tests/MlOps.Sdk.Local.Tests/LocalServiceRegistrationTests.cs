using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Sdk.Local;
using MlOps.Sdk.SageMaker;
using MlOps.Sdk.Scaling;
using MlOps.Sdk.Storage;
using MlOps.Sdk.Tagging;

namespace MlOps.Sdk.Tests.Local;

public sealed class LocalServiceRegistrationTests
{
    [Fact]
    public void AddMlOps_LocalMode_ResolvesEveryPortToItsLocalAdapter()
    {
        using var provider = Provider(new Dictionary<string, string?> { ["MlOps:Mode"] = "local" });

        Assert.IsType<LocalSageMakerClient>(provider.GetRequiredService<ISageMakerClient>());
        Assert.IsType<LocalSageMakerRuntimeClient>(provider.GetRequiredService<ISageMakerRuntimeClient>());
        Assert.IsType<LocalTrainingLogClient>(provider.GetRequiredService<ITrainingLogClient>());
        Assert.IsType<LocalArtifactStore>(provider.GetRequiredService<IArtifactStore>());
        Assert.NotNull(provider.GetRequiredService<LocalImageRegistry>());
    }

    [Fact]
    public void AddMlOps_LocalHomeAndRegionConfigured_ImageUrisUseThatRegionAndFixedAccount()
    {
        using var provider = Provider(new Dictionary<string, string?>
        {
            ["MlOps:Mode"] = "local",
            ["MlOps:Region"] = "eu-west-1",
            ["MlOps:Local:Home"] = Path.Combine(Path.GetTempPath(), "mlops-registration-test"),
        });

        var uri = provider.GetRequiredService<LocalImageRegistry>().GetImageUri("churn/trainer", "abc123");

        Assert.Equal("000000000000.dkr.ecr.eu-west-1.amazonaws.com/churn/trainer:abc123", uri);
    }

    [Fact]
    public void AddMlOps_CallerRegisteredArtifactStore_KeepsTheCallers()
    {
        var services = new ServiceCollection();
        var mine = new LocalArtifactStore(Microsoft.Extensions.Options.Options.Create(new LocalOptions { Home = Path.GetTempPath() }));
        services.AddSingleton<IArtifactStore>(mine);

        using var provider = services.AddMlOps(Configuration(new Dictionary<string, string?> { ["MlOps:Mode"] = "local" })).BuildServiceProvider();

        Assert.Same(mine, provider.GetRequiredService<IArtifactStore>());
    }

    [Fact]
    public void ResolveHome_NothingConfigured_UsesMlopsUnderTheXdgDataFolder()
    {
        var options = new LocalOptions();
        var expected = Environment.GetEnvironmentVariable(LocalOptions.HomeEnvironmentVariable) is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : Path.Combine(Environment.GetEnvironmentVariable("XDG_DATA_HOME") is { Length: > 0 } xdg ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share"), "mlops");

        Assert.Equal(expected, options.ResolveHome());
    }

    [Fact]
    public void AddMlOps_LocalMode_EveryAdapterSharesOneStateStore()
    {
        using var provider = Provider(new Dictionary<string, string?> { ["MlOps:Mode"] = "local" });

        var state = provider.GetRequiredService<LocalStateStore>();

        Assert.Same(state, provider.GetRequiredService<LocalSageMakerClient>().State);
        Assert.Same(state, Assert.IsType<LocalTrainingLogClient>(provider.GetRequiredService<ITrainingLogClient>()).State);
        Assert.Same(state, Assert.IsType<LocalApplicationAutoScalingClient>(provider.GetRequiredService<IApplicationAutoScalingClient>()).State);
        Assert.Same(state, Assert.IsType<LocalResourceTaggingClient>(provider.GetRequiredService<IResourceTaggingClient>()).State);
        Assert.Same(state, provider.GetRequiredService<LocalImageRegistry>().State);
    }

    [Fact]
    public void AddMlOps_LocalMode_RuntimeUsesTheRegisteredControlPlaneClient()
    {
        using var provider = Provider(new Dictionary<string, string?> { ["MlOps:Mode"] = "local" });

        var runtime = provider.GetRequiredService<LocalSageMakerRuntimeClient>();

        Assert.Same(provider.GetRequiredService<LocalSageMakerClient>(), runtime.Control);
    }

    [Fact]
    public void AddMlOps_LocalMode_ClientAndRuntimeShareOneFleetStateStoreAndImageRegistry()
    {
        using var provider = Provider(new Dictionary<string, string?> { ["MlOps:Mode"] = "local" });

        var client = provider.GetRequiredService<LocalSageMakerClient>();
        var runtime = provider.GetRequiredService<LocalSageMakerRuntimeClient>();

        Assert.Same(provider.GetRequiredService<LocalServerFleet>(), client.Endpoints.Fleet);
        Assert.Same(client.Endpoints.Fleet, runtime.Control.Endpoints.Fleet);
        Assert.Same(provider.GetRequiredService<LocalStateStore>(), runtime.Control.State);
        Assert.Same(provider.GetRequiredService<LocalImageRegistry>(), client.Training.Images);
        Assert.Same(client.Training.Images, client.Endpoints.Fleet.Images);
    }

    [Fact]
    public void Constructor_OptionsOnly_BuildsOneImageRegistryForTrainingAndServing()
    {
        using var client = new LocalSageMakerClient(Microsoft.Extensions.Options.Options.Create(new LocalOptions { Home = Path.Combine(Path.GetTempPath(), "mlops-registration-test") }));

        Assert.Same(client.Training.Images, client.Endpoints.Fleet.Images);
    }

    private static ServiceProvider Provider(Dictionary<string, string?> settings) =>
        new ServiceCollection().AddMlOps(Configuration(settings)).BuildServiceProvider();

    private static IConfiguration Configuration(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
}
