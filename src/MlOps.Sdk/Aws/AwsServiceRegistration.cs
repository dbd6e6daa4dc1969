using System.Net.Http.Headers;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MlOps.Sdk.SageMaker;
using MlOps.Sdk.Scaling;
using MlOps.Sdk.Storage;
using MlOps.Sdk.Tagging;

namespace MlOps.Sdk.Aws;

/// <summary>Registers the AWS adapters of the SageMaker, runtime, log and storage ports.</summary>
internal static class AwsServiceRegistration
{
    internal static void AddAwsAdapters(IServiceCollection services, IConfiguration? configuration)
    {
        // A second AddMlOps must not stack a second retry and signing handler on the named clients.
        if (services.Any(d => d.ServiceType == typeof(AwsEnvironment)))
        {
            return;
        }

        var options = services.AddOptions<AwsOptions>();
        if (configuration is not null)
        {
            // Credentials are objects set in code, never text in configuration: the generated binder skips them, as
            // reflection binding did.
#pragma warning disable SYSLIB1100, SYSLIB1101
            options.Bind(configuration.GetSection(AwsOptions.SectionName));
#pragma warning restore SYSLIB1100, SYSLIB1101
        }

        options.Validate(o => o.MaxAttempts >= 1, "MlOps:Aws:MaxAttempts must be at least 1.");
        services.TryAddSingleton<AwsEnvironment>();

        foreach (var service in new[] { AwsService.SageMaker, AwsService.SageMakerRuntime, AwsService.Logs, AwsService.ApplicationAutoScaling, AwsService.ResourceGroupsTagging })
        {
            AddSignedHttpClient(services, service);
        }

        services.TryAddSingleton<ISageMakerClient, AwsSageMakerClient>();
        services.TryAddSingleton<ISageMakerRuntimeClient, AwsSageMakerRuntimeClient>();
        services.TryAddSingleton<ITrainingLogClient, AwsTrainingLogClient>();
        services.TryAddSingleton<IArtifactStore, S3ArtifactStore>();
        services.TryAddSingleton<IApplicationAutoScalingClient, AwsApplicationAutoScalingClient>();
        services.TryAddSingleton<IResourceTaggingClient, AwsResourceTaggingClient>();
    }

    /// <summary>
    /// What every request names itself as: <c>MlOps.Sdk/&lt;version&gt;</c>, so that CloudTrail and AWS support can tell
    /// the SDK's calls apart (the version without its <c>+commit</c> suffix).
    /// </summary>
    internal static readonly ProductInfoHeaderValue UserAgent = new("MlOps.Sdk", SdkVersion());

    private static string SdkVersion()
    {
        var assembly = typeof(AwsServiceRegistration).Assembly;
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString()
            ?? "0.0.0";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? version : version[..plus];
    }

    /// <summary>
    /// A named client whose pipeline is retry → SigV4 → transport, so each retry is signed anew, and whose transport
    /// never follows redirects (a followed redirect would carry a stale signature).
    /// </summary>
    private static void AddSignedHttpClient(IServiceCollection services, AwsService service)
    {
        services.AddHttpClient(service.HttpClientName)
            .ConfigureHttpClient((provider, client) =>
            {
                client.Timeout = provider.GetRequiredService<IOptions<AwsOptions>>().Value.Timeout;
                client.DefaultRequestHeaders.UserAgent.Add(UserAgent);
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false })
            .AddHttpMessageHandler(provider => new AwsRetryHandler(
                provider.GetRequiredService<IOptions<AwsOptions>>().Value,
                provider.GetRequiredService<TimeProvider>(),
                provider.GetRequiredService<ILogger<AwsRetryHandler>>()))
            .AddHttpMessageHandler(provider => new AwsSigningHandler(provider.GetRequiredService<AwsEnvironment>(), service));
    }
}
