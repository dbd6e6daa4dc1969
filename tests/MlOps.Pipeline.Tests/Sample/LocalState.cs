using Microsoft.Extensions.DependencyInjection;
using MlOps.Sdk.Endpoints;
using MlOps.Sdk.Local;
using MlOps.Sdk.Registry;
using MlOps.Sdk.Scaling;

namespace MlOps.Pipeline.Tests.Sample;

/// <summary>The SDK's clients over one local-mode home folder, to check and clean up what a pipeline run left.</summary>
internal sealed class LocalState : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    public LocalState(string home)
    {
        var services = new ServiceCollection();
        services.AddMlOps(configure: o => o.Mode = MlOps.Sdk.MlOpsMode.Local);
        services.Configure<LocalOptions>(o => o.Home = home);
        _services = services.BuildServiceProvider();
    }

    public RegistryClient Registry => ActivatorUtilities.GetServiceOrCreateInstance<RegistryClient>(_services);

    public EndpointClient Endpoints => ActivatorUtilities.GetServiceOrCreateInstance<EndpointClient>(_services);

    public IApplicationAutoScalingClient Scaling => _services.GetRequiredService<IApplicationAutoScalingClient>();

    public async Task<List<ScalableTarget>> ScalableTargetsAsync()
    {
        var targets = new List<ScalableTarget>();
        await foreach (var target in Scaling.DescribeScalableTargetsAsync(new DescribeScalableTargetsRequest { ServiceNamespace = EndpointScalingClient.ServiceNamespace }))
        {
            targets.Add(target);
        }

        return targets;
    }

    public async Task<List<ModelVersion>> VersionsAsync(string group)
    {
        var versions = new List<ModelVersion>();
        await foreach (var version in Registry.ListModelVersionsAsync(group))
        {
            versions.Add(version);
        }

        return versions;
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
