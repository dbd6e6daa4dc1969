using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using MlOps.Sdk.SageMaker;
using MlOps.Sdk.Scaling;
using MlOps.Sdk.Storage;
using MlOps.Sdk.Tagging;

namespace MlOps.Sdk.Local;

/// <summary>Registers the local-mode adapters of the SageMaker, runtime, log and storage ports.</summary>
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

        services.TryAddSingleton<LocalArtifactStore>();
        services.TryAddSingleton<IArtifactStore>(sp => sp.GetRequiredService<LocalArtifactStore>());
        services.TryAddSingleton<LocalImageRegistry>(sp => new LocalImageRegistry(sp.GetRequiredService<IOptions<LocalOptions>>(), sp.GetService<TimeProvider>()));
        services.TryAddSingleton<LocalSageMakerClient>(sp => ActivatorUtilities.CreateInstance<LocalSageMakerClient>(sp));
        services.TryAddSingleton<ISageMakerClient>(sp => sp.GetRequiredService<LocalSageMakerClient>());
        services.TryAddSingleton<LocalSageMakerRuntimeClient>(sp => ActivatorUtilities.CreateInstance<LocalSageMakerRuntimeClient>(sp));
        services.TryAddSingleton<ISageMakerRuntimeClient>(sp => sp.GetRequiredService<LocalSageMakerRuntimeClient>());
        services.TryAddSingleton<LocalTrainingLogClient>();
        services.TryAddSingleton<ITrainingLogClient>(sp => sp.GetRequiredService<LocalTrainingLogClient>());
        services.TryAddSingleton<IApplicationAutoScalingClient>(sp => ActivatorUtilities.CreateInstance<LocalApplicationAutoScalingClient>(sp));
        services.TryAddSingleton<IResourceTaggingClient>(sp => ActivatorUtilities.CreateInstance<LocalResourceTaggingClient>(sp));
    }
}
