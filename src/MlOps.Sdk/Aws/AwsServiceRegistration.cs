using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MlOps.Sdk.Aws;

/// <summary>Registers the AWS adapters of the SageMaker, runtime, log and storage ports.</summary>
internal static class AwsServiceRegistration
{
    internal static void AddAwsAdapters(IServiceCollection services, IConfiguration? configuration)
    {
        // Filled in by the AWS adapters (issue 3).
        _ = services;
        _ = configuration;
    }
}
