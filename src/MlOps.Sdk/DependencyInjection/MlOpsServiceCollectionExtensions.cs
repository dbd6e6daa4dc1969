using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MlOps.Sdk;
using MlOps.Sdk.Aws;
using MlOps.Sdk.Cleanup;
using MlOps.Sdk.Endpoints;
using MlOps.Sdk.Local;
using MlOps.Sdk.Registry;
using MlOps.Sdk.Training;
using MlOps.Sdk.Waiting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers MlOps.Sdk in a service collection.</summary>
public static class MlOpsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the SDK's clients and the adapters of one mode. The mode is chosen here, once: the
    /// <see cref="MlOpsOptions.Mode"/> that <paramref name="configure"/> sets, else <c>MlOps:Mode</c> in
    /// <paramref name="configuration"/>, else the <c>MLOPS_MODE</c> environment variable, else local.
    /// Every registration uses <c>TryAdd</c>, so a caller's own registrations win.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">Configuration holding the <c>MlOps</c> section, if any.</param>
    /// <param name="configure">Changes applied after binding. It also runs once during this call, to read the mode it chooses,
    /// so it should only set values.</param>
    /// <returns>The same service collection.</returns>
    public static IServiceCollection AddMlOps(this IServiceCollection services, IConfiguration? configuration = null, Action<MlOpsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var mode = ChooseMode(configuration, configure);

        services.AddOptions();
        services.AddLogging();
        var options = services.AddOptions<MlOpsOptions>();
        if (configuration is not null)
        {
            options.Bind(configuration.GetSection(MlOpsOptions.SectionName));
        }

        options.Configure(o =>
        {
            o.Mode = mode;
            o.Region ??= Environment.GetEnvironmentVariable("AWS_REGION") ?? Environment.GetEnvironmentVariable("AWS_DEFAULT_REGION");
            configure?.Invoke(o);
        });
        services.TryAddSingleton(TimeProvider.System);
        AddLayerClients(services, configuration, mode);

        if (mode == MlOpsMode.Aws)
        {
            AwsServiceRegistration.AddAwsAdapters(services, configuration);
        }
        else
        {
            LocalServiceRegistration.AddLocalAdapters(services, configuration);
        }

        return services;
    }

    // The adapters are registered now, not when the options are first read, so the mode has to be known now: the caller's
    // configure delegate runs on a probe to see the mode it picks, and that pick wins over configuration and environment.
    private static MlOpsMode ChooseMode(IConfiguration? configuration, Action<MlOpsOptions>? configure)
    {
        var probe = new MlOpsOptions { Mode = MlOpsModeResolver.Resolve(configuration, Environment.GetEnvironmentVariable) };
        configure?.Invoke(probe);
        return probe.Mode;
    }

    // The high-level clients: written once against the ports, with waiter defaults chosen by mode and then overridden
    // by the MlOps:Training and MlOps:Endpoints configuration sections.
    private static void AddLayerClients(IServiceCollection services, IConfiguration? configuration, MlOpsMode mode)
    {
        var training = services.AddOptions<TrainingOptions>().Configure(o =>
        {
            o.CompletionWaiter = WaiterDefaults.TrainingJobCompleted(mode);
            o.LogPollInterval = mode == MlOpsMode.Aws ? o.LogPollInterval : WaiterDefaults.LocalDelay;
        });
        var endpoints = services.AddOptions<EndpointOptions>().Configure(o =>
        {
            o.InServiceWaiter = WaiterDefaults.EndpointInService(mode);
            o.DeletedWaiter = WaiterDefaults.EndpointDeleted(mode);
        });
        if (configuration is not null)
        {
            training.Bind(configuration.GetSection(TrainingOptions.SectionName));
            endpoints.Bind(configuration.GetSection(EndpointOptions.SectionName));
        }

        services.TryAddSingleton<TrainingClient>();
        services.TryAddSingleton<RegistryClient>();
        services.TryAddSingleton<EndpointClient>();
        services.TryAddSingleton<EndpointScalingClient>();
        services.TryAddSingleton<CleanupClient>();
    }
}
