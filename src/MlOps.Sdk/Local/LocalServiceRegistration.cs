using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MlOps.Sdk.SageMaker;
using MlOps.Sdk.Scaling;
using MlOps.Sdk.Storage;
using MlOps.Sdk.Tagging;

namespace MlOps.Sdk.Local;

/// <summary>
/// Composes local mode: its components, each built once per container, and the adapters of the SageMaker, runtime,
/// log and storage ports over them, and the local CloudWatch alarms. The public constructors of
/// <see cref="LocalSageMakerClient"/> compose through <see cref="BuildComponents"/>, so there is one graph to keep right.
/// </summary>
internal static class LocalServiceRegistration
{
    internal static void AddLocalAdapters(IServiceCollection services, IConfiguration? configuration)
    {
        var options = services.AddOptions<LocalOptions>();
        if (configuration is not null)
        {
            options.Bind(configuration.GetSection(LocalOptions.SectionName));
        }

        options.Configure<IOptions<MlOpsOptions>>((local, shared) =>
        {
            if (string.IsNullOrWhiteSpace(local.Region) && !string.IsNullOrWhiteSpace(shared.Value.Region))
            {
                local.Region = shared.Value.Region;
            }
        });

        AddLocalComponents(services);
        services.TryAddSingleton(sp => new LocalSageMakerClient(
            State(sp),
            sp.GetRequiredService<LocalArns>(),
            sp.GetRequiredService<LocalTrainingJobs>(),
            sp.GetRequiredService<LocalModelRegistry>(),
            sp.GetRequiredService<LocalModels>(),
            sp.GetRequiredService<LocalEndpoints>()));
        services.TryAddSingleton<ISageMakerClient>(sp => sp.GetRequiredService<LocalSageMakerClient>());
        services.TryAddSingleton<IArtifactStore>(sp => sp.GetRequiredService<LocalArtifactStore>());

        // The runtime reuses the control-plane client instead of composing its own.
        services.TryAddSingleton(sp => new LocalSageMakerRuntimeClient(Options(sp), sp.GetRequiredService<LocalSageMakerClient>(), ownsControl: false, sp.GetService<TimeProvider>()));
        services.TryAddSingleton<ISageMakerRuntimeClient>(sp => sp.GetRequiredService<LocalSageMakerRuntimeClient>());
        services.TryAddSingleton(sp => new LocalTrainingLogClient(State(sp), sp.GetRequiredService<LocalArns>()));
        services.TryAddSingleton<ITrainingLogClient>(sp => sp.GetRequiredService<LocalTrainingLogClient>());
        services.TryAddSingleton<IApplicationAutoScalingClient>(sp => new LocalApplicationAutoScalingClient(Options(sp), State(sp), sp.GetService<TimeProvider>(), sp.GetRequiredService<ISageMakerClient>));
        services.TryAddSingleton<IResourceTaggingClient>(sp => new LocalResourceTaggingClient(State(sp)));
        services.TryAddSingleton(sp => new LocalCloudWatchAlarms(State(sp), Settings(sp), sp.GetService<TimeProvider>()));
    }

    /// <summary>
    /// The components of a <see cref="LocalSageMakerClient"/> built with its public constructor: the same
    /// registrations as <see cref="AddLocalAdapters"/>, in a container the client owns and disposes.
    /// </summary>
    internal static ServiceProvider BuildComponents(IOptions<LocalOptions> options, TimeProvider? timeProvider, ILogger<LocalSageMakerClient>? logger)
    {
        var services = new ServiceCollection();
        services.AddSingleton(options);
        if (timeProvider is not null)
        {
            services.AddSingleton(timeProvider);
        }

        if (logger is not null)
        {
            services.AddSingleton(logger);
        }

        AddLocalComponents(services);
        return services.BuildServiceProvider();
    }

    /// <summary>
    /// One state store per container: every component reads and writes the same SQLite state through it, and the
    /// schema is checked once, not once per component. Every other component is likewise built once and shared.
    /// </summary>
    private static void AddLocalComponents(IServiceCollection services)
    {
        services.TryAddSingleton(sp => new LocalStateStore(Options(sp)));
        services.TryAddSingleton(sp => new LocalArns(Settings(sp).ResolveRegion(), Settings(sp).AccountId));
        services.TryAddSingleton(sp => new LocalArtifactStore(Options(sp)));
        services.TryAddSingleton(sp => new LocalImageRegistry(State(sp), sp.GetRequiredService<LocalArns>(), Clock(sp)));
        services.TryAddSingleton(sp => new LocalModelRegistry(State(sp), sp.GetRequiredService<LocalArns>(), Clock(sp)));
        services.TryAddSingleton(sp => new LocalModels(State(sp), sp.GetRequiredService<LocalImageRegistry>(), sp.GetRequiredService<LocalModelRegistry>(), sp.GetRequiredService<LocalArns>(), Clock(sp)));
        services.TryAddSingleton(sp => new LocalProcessSupervisor(Settings(sp), Clock(sp)));
        services.TryAddSingleton(sp => new LocalTrainingJobs(
            State(sp),
            sp.GetRequiredService<LocalImageRegistry>(),
            sp.GetRequiredService<LocalArns>(),
            Settings(sp),
            new LocalTrainingChannels(sp.GetRequiredService<LocalArtifactStore>()),
            new LocalTrainingOutputs(sp.GetRequiredService<LocalArtifactStore>()),
            sp.GetRequiredService<LocalProcessSupervisor>(),
            Clock(sp),
            Log(sp)));
        services.TryAddSingleton(sp => new LocalServerFleet(
            State(sp).Home,
            sp.GetRequiredService<LocalArtifactStore>(),
            sp.GetRequiredService<LocalImageRegistry>(),
            sp.GetRequiredService<LocalModelRegistry>(),
            sp.GetRequiredService<LocalModels>(),
            Settings(sp),
            sp.GetRequiredService<LocalProcessSupervisor>(),
            Clock(sp),
            Log(sp)));
        services.TryAddSingleton(sp => new LocalEndpointTransitions(Clock(sp), Log(sp)));
        services.TryAddSingleton(sp => new LocalEndpointRecords(State(sp), sp.GetRequiredService<LocalArns>()));
        services.TryAddSingleton(sp => new LocalInstanceRepair(
            sp.GetRequiredService<LocalEndpointRecords>(),
            sp.GetRequiredService<LocalServerFleet>(),
            sp.GetRequiredService<LocalEndpointTransitions>(),
            Settings(sp),
            Clock(sp),
            Log(sp)));
        services.TryAddSingleton(sp => new LocalEndpointScaling(
            sp.GetRequiredService<LocalEndpointRecords>(),
            State(sp),
            sp.GetRequiredService<LocalArns>(),
            Settings(sp),
            sp.GetRequiredService<LocalServerFleet>(),
            sp.GetRequiredService<LocalEndpointTransitions>(),
            Clock(sp),
            Log(sp)));
        services.TryAddSingleton(sp => new LocalEndpoints(
            State(sp),
            sp.GetRequiredService<LocalModels>(),
            sp.GetRequiredService<LocalArns>(),
            Settings(sp),
            sp.GetRequiredService<LocalServerFleet>(),
            sp.GetRequiredService<LocalEndpointTransitions>(),
            sp.GetRequiredService<LocalEndpointRecords>(),
            sp.GetRequiredService<LocalInstanceRepair>(),
            sp.GetRequiredService<LocalEndpointScaling>(),
            Clock(sp),
            Log(sp)));
    }

    private static IOptions<LocalOptions> Options(IServiceProvider services) => services.GetRequiredService<IOptions<LocalOptions>>();

    private static LocalOptions Settings(IServiceProvider services) => Options(services).Value;

    private static LocalStateStore State(IServiceProvider services) => services.GetRequiredService<LocalStateStore>();

    private static TimeProvider Clock(IServiceProvider services) => services.GetService<TimeProvider>() ?? TimeProvider.System;

    // Local mode's components log under the client's category, as they did when the client built them.
    private static ILogger Log(IServiceProvider services) => services.GetService<ILogger<LocalSageMakerClient>>() ?? NullLogger<LocalSageMakerClient>.Instance;
}
