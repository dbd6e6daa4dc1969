using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MlOps.Sdk.Local;

/// <summary>Registers the local-mode adapters of the SageMaker, runtime, log and storage ports.</summary>
internal static class LocalServiceRegistration
{
    internal static void AddLocalAdapters(IServiceCollection services, IConfiguration? configuration)
    {
        // Filled in by local mode (issue 4).
        _ = services;
        _ = configuration;
    }
}
