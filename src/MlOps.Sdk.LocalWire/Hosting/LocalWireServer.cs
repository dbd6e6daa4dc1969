using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MlOps.Sdk.Local;
using MlOps.Sdk.LocalWire.CloudWatch;
using MlOps.Sdk.LocalWire.Logs;
using MlOps.Sdk.LocalWire.Protocol;
using MlOps.Sdk.LocalWire.Runtime;
using MlOps.Sdk.LocalWire.S3;
using MlOps.Sdk.LocalWire.SageMaker;
using MlOps.Sdk.LocalWire.Scaling;
using MlOps.Sdk.LocalWire.Tagging;
using MlOps.Sdk.SageMaker;
using MlOps.Sdk.Scaling;
using MlOps.Sdk.Storage;
using MlOps.Sdk.Tagging;

namespace MlOps.Sdk.LocalWire.Hosting;

/// <summary>
/// Local mode served over the AWS wire on 127.0.0.1: one port answers the SageMaker control plane and runtime,
/// Application Auto Scaling, CloudWatch Logs (training logs), CloudWatch alarms, the Resource Groups Tagging API's GetResources and the S3 subset, each through the SDK's
/// local adapter of its port. Start it with <see cref="StartAsync"/>; dispose it to stop it. Endpoints and training
/// jobs are processes of their own and outlive the server, as they outlive any local-mode process.
/// </summary>
public sealed class LocalWireServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ServiceProvider ports;

    private LocalWireServer(WebApplication app, ServiceProvider ports, Uri baseAddress)
    {
        this.app = app;
        this.ports = ports;
        BaseAddress = baseAddress;
    }

    /// <summary>The server's address, such as <c>http://127.0.0.1:40123/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>
    /// The environment variables that point the AWS CLI, boto3, the AWS SDKs (and the SDK's own AWS mode) at this server,
    /// service by service, as <c>AWS_ENDPOINT_URL_&lt;SERVICE&gt;</c>.
    /// </summary>
    public IReadOnlyDictionary<string, string> EndpointVariables
    {
        get
        {
            var url = BaseAddress.GetLeftPart(UriPartial.Authority);
            return new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["AWS_ENDPOINT_URL_SAGEMAKER"] = url,
                ["AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME"] = url,
                ["AWS_ENDPOINT_URL_S3"] = url,
                ["AWS_ENDPOINT_URL_APPLICATION_AUTO_SCALING"] = url,
                ["AWS_ENDPOINT_URL_CLOUDWATCH_LOGS"] = url,
                ["AWS_ENDPOINT_URL_RESOURCE_GROUPS_TAGGING_API"] = url,
                ["AWS_ENDPOINT_URL_CLOUDWATCH"] = url,
                ["AWS_ENDPOINT_URL_STS"] = url,
            };
        }
    }

    /// <summary>Starts the server; the returned task completes once it listens.</summary>
    /// <param name="options">Port and local-mode settings.</param>
    /// <param name="configureLogging">Where the one line per request goes; nowhere when omitted.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running server.</returns>
    public static async Task<LocalWireServer> StartAsync(LocalWireServerOptions options, Action<ILoggingBuilder>? configureLogging = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Port is < 0 or > 65535)
        {
            throw new MlOpsValidationException(nameof(options.Port), $"must be 0 (a free port) or a port number up to 65535 (got {options.Port})");
        }

        var ports = CreatePorts(options.Local);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        configureLogging?.Invoke(builder.Logging);

        // Loopback only: the server runs processes on behalf of whoever can reach it, and accepts any credentials.
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, options.Port);
            kestrel.Limits.MaxRequestBodySize = null; // S3 parts and objects may be large; the runtime caps its own 6 MB
        });
        var app = builder.Build();
        var dispatcher = new WireDispatcher(
            [
                SageMakerOperations.Create(ports.GetRequiredService<ISageMakerClient>()),
                ApplicationAutoScalingOperations.Create(ports.GetRequiredService<IApplicationAutoScalingClient>()),
                ResourceTaggingOperations.Create(ports.GetRequiredService<IResourceTaggingClient>()),
                CloudWatchOperations.Create(ports.GetRequiredService<LocalCloudWatchAlarms>()),
                LogsOperations.Create(new LogGroups(
                    [
                        new TrainingJobLogs(ports.GetRequiredService<ITrainingLogClient>(), ports.GetRequiredService<ISageMakerClient>()),
                        new EndpointLogs(options.Local.ResolveHome()),
                    ],
                    options.Local.ResolveRegion(),
                    options.Local.AccountId)),
            ],
            new InvokeEndpointHandler(ports.GetRequiredService<ISageMakerRuntimeClient>()),
            CreateS3((LocalArtifactStore)ports.GetRequiredService<IArtifactStore>(), options.Local),
            app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("MlOps.LocalWire"));
        app.Run(dispatcher.HandleAsync);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            await ports.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new LocalWireServer(app, ports, new Uri(address.EndsWith('/') ? address : address + "/"));
    }

    /// <summary>Completes when the server stops (a signal, or <see cref="DisposeAsync"/>).</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes once the server has stopped.</returns>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => app.WaitForShutdownAsync(cancellationToken);

    /// <summary>Stops listening and releases the adapters.</summary>
    /// <returns>A task that completes once the server has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
        await ports.DisposeAsync().ConfigureAwait(false);
    }

    // The store is the one AddMlOps registered for local mode, so S3 over the wire reads and writes what the SDK does.
    private static S3Handler CreateS3(LocalArtifactStore store, LocalOptions local)
    {
        var home = local.ResolveHome();
        return new S3Handler(store, Path.Combine(home, "buckets"), new S3MultipartUploads(store, Path.Combine(home, "s3-uploads")));
    }

    // The ports come from AddMlOps in local mode, the registration every local-mode caller uses, so the server runs
    // exactly the adapters (and the state) the SDK runs; the caller's LocalOptions are the ones they read.
    internal static ServiceProvider CreatePorts(LocalOptions local)
    {
        var services = new ServiceCollection();
        services.AddSingleton(Options.Create(local));
        services.AddMlOps(configuration: null, configure: o => o.Mode = MlOpsMode.Local);
        return services.BuildServiceProvider();
    }
}
