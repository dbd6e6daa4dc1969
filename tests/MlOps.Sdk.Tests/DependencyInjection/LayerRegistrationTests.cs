using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MlOps.Sdk.Aws;
using MlOps.Sdk.Cleanup;
using MlOps.Sdk.Endpoints;
using MlOps.Sdk.Registry;
using MlOps.Sdk.SageMaker;
using MlOps.Sdk.Training;

namespace MlOps.Sdk.Tests.DependencyInjection;

public sealed class LayerRegistrationTests
{
    [Theory]
    [InlineData(typeof(TrainingClient))]
    [InlineData(typeof(RegistryClient))]
    [InlineData(typeof(EndpointClient))]
    [InlineData(typeof(CleanupClient))]
    public void AddMlOps_AnyMode_RegistersTheLayerClientAsSingleton(Type clientType)
    {
        var services = new ServiceCollection().AddMlOps(Configuration("local"));

        Assert.Equal(ServiceLifetime.Singleton, Assert.Single(services, d => d.ServiceType == clientType).Lifetime);
    }

    [Fact]
    public void AddMlOps_AwsMode_UsesBotocoreWaiterTimings()
    {
        using var provider = new ServiceCollection().AddMlOps(Configuration("aws")).BuildServiceProvider();

        var training = provider.GetRequiredService<IOptions<TrainingOptions>>().Value;
        var endpoints = provider.GetRequiredService<IOptions<EndpointOptions>>().Value;
        Assert.Equal((TimeSpan.FromSeconds(120), 180), (training.CompletionWaiter.Delay, training.CompletionWaiter.MaxAttempts));
        Assert.Equal((TimeSpan.FromSeconds(30), 120), (endpoints.InServiceWaiter.Delay, endpoints.InServiceWaiter.MaxAttempts));
    }

    [Fact]
    public void AddMlOps_LocalMode_PollsSubSecond()
    {
        using var provider = new ServiceCollection().AddMlOps(Configuration("local")).BuildServiceProvider();

        Assert.True(provider.GetRequiredService<IOptions<TrainingOptions>>().Value.CompletionWaiter.Delay < TimeSpan.FromSeconds(1));
        Assert.True(provider.GetRequiredService<IOptions<EndpointOptions>>().Value.InServiceWaiter.Delay < TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void AddMlOps_WaiterInConfiguration_OverridesTheModeDefault()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MlOps:Mode"] = "aws",
            ["MlOps:Training:CompletionWaiter:Delay"] = "00:00:05",
        }).Build();
        using var provider = new ServiceCollection().AddMlOps(configuration).BuildServiceProvider();

        var waiter = provider.GetRequiredService<IOptions<TrainingOptions>>().Value.CompletionWaiter;

        Assert.Equal((TimeSpan.FromSeconds(5), 180), (waiter.Delay, waiter.MaxAttempts));
    }

    [Fact]
    public void AddMlOps_ModeSetInConfigure_WinsOverConfiguration()
    {
        var services = new ServiceCollection().AddMlOps(Configuration("local"), o => o.Mode = MlOpsMode.Aws);

        Assert.Equal(typeof(AwsSageMakerClient), Assert.Single(services, d => d.ServiceType == typeof(ISageMakerClient)).ImplementationType);
    }

    [Fact]
    public void AddMlOps_ModeSetInConfigure_IsTheBoundMode()
    {
        using var provider = new ServiceCollection().AddMlOps(Configuration("aws"), o => o.Mode = MlOpsMode.Local).BuildServiceProvider();

        Assert.Equal(MlOpsMode.Local, provider.GetRequiredService<IOptions<MlOpsOptions>>().Value.Mode);
        Assert.True(provider.GetRequiredService<IOptions<TrainingOptions>>().Value.CompletionWaiter.Delay < TimeSpan.FromSeconds(1));
    }

    private static IConfiguration Configuration(string mode) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["MlOps:Mode"] = mode }).Build();
}
