using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MlOps.Sdk.SageMaker;
using MlOps.Sdk.Scaling;
using MlOps.Sdk.Storage;
using MlOps.Sdk.Tagging;

namespace MlOps.Sdk.Local;

/// <summary>Registers the local-mode adapters of the SageMaker, runtime, log and storage ports, and the local CloudWatch alarms.</summary>
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

        // One state store per container: every adapter reads and writes the same SQLite state through it, and the
        // schema is checked once, not once per adapter; the runtime reuses the control-plane client instead of its own.
        services.TryAddSingleton(sp => new LocalStateStore(Options(sp)));
        services.TryAddSingleton<LocalArtifactStore>();
        services.TryAddSingleton<IArtifactStore>(sp => sp.GetRequiredService<LocalArtifactStore>());
        services.TryAddSingleton(sp => new LocalImageRegistry(State(sp), new LocalArns(Options(sp).Value.ResolveRegion(), Options(sp).Value.AccountId), sp.GetService<TimeProvider>() ?? TimeProvider.System));
        services.TryAddSingleton(sp => new LocalSageMakerClient(Options(sp), State(sp), sp.GetService<TimeProvider>(), sp.GetService<ILogger<LocalSageMakerClient>>()));
        services.TryAddSingleton<ISageMakerClient>(sp => sp.GetRequiredService<LocalSageMakerClient>());
        services.TryAddSingleton(sp => new LocalSageMakerRuntimeClient(Options(sp), sp.GetRequiredService<LocalSageMakerClient>(), ownsControl: false, sp.GetService<TimeProvider>()));
        services.TryAddSingleton<ISageMakerRuntimeClient>(sp => sp.GetRequiredService<LocalSageMakerRuntimeClient>());
        services.TryAddSingleton(sp => new LocalTrainingLogClient(Options(sp), State(sp)));
        services.TryAddSingleton<ITrainingLogClient>(sp => sp.GetRequiredService<LocalTrainingLogClient>());
        services.TryAddSingleton<IApplicationAutoScalingClient>(sp => new LocalApplicationAutoScalingClient(Options(sp), State(sp), sp.GetService<TimeProvider>()));
        services.TryAddSingleton<IResourceTaggingClient>(sp => new LocalResourceTaggingClient(State(sp)));
        services.TryAddSingleton(sp => new LocalCloudWatchAlarms(State(sp), Options(sp).Value, sp.GetService<TimeProvider>()));
    }

    private static IOptions<LocalOptions> Options(IServiceProvider services) => services.GetRequiredService<IOptions<LocalOptions>>();

    private static LocalStateStore State(IServiceProvider services) => services.GetRequiredService<LocalStateStore>();
}
