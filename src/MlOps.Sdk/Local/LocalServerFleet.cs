using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using MlOps.Sdk.SageMaker;
using MlOps.Sdk.Storage;

namespace MlOps.Sdk.Local;

/// <summary>
/// The model-server processes behind local endpoints: each production variant runs <c>&lt;entry point&gt; serve</c> on
/// a free loopback port as a <see cref="SupervisedProcess"/>, so a fleet outlives the process that launched it. The
/// fleet launches, pings and stops servers; what an endpoint's state becomes is <see cref="LocalEndpointTransitions"/>'s.
/// </summary>
internal sealed class LocalServerFleet(
    string home,
    LocalArtifactStore artifacts,
    LocalImageRegistry images,
    LocalModelRegistry registry,
    LocalModels models,
    LocalOptions options,
    LocalProcessSupervisor supervisor,
    TimeProvider timeProvider,
    ILogger logger) : IDisposable
{
    /// <summary>The server's pid file in its instance folder; <see cref="LocalEndpoints"/> takes a folder that has one for a started server.</summary>
    internal const string ServerPidFileName = "server.pid";

    /// <summary>Both output streams of a server, unstamped; <see cref="LocalEndpointLog"/> serves it as the instance's log stream.</summary>
    internal const string ServerLogFileName = "server.log";

    /// <summary>The variable that tells a model server which address to listen on; the template's server reads it.</summary>
    internal const string BindAddressVariable = "MLOPS_BIND_ADDRESS";

    /// <summary>The address a model server listens on: the container environment's choice, else loopback.</summary>
    /// <exception cref="MlOpsValidationException">The choice is not an IP address.</exception>
    internal static IPAddress BindAddress(string? chosen, string fieldName) =>
        string.IsNullOrWhiteSpace(chosen) ? IPAddress.Loopback
        : IPAddress.TryParse(chosen, out var address) ? address
        : throw new MlOpsValidationException(fieldName, $"{BindAddressVariable} must be an IP address such as 127.0.0.1 or 0.0.0.0; got '{chosen}'");

    /// <summary>How a server was started, kept in its folder so that any process can start its replacement.</summary>
    internal const string ServerStartFileName = "server.start.json";

    /// <summary>Separates the variant from the instance id in the folder of a variant's second and later instances.</summary>
    internal const char InstanceSeparator = '.';

    private const int LogTailLines = 20;

    private readonly HttpClient http = LocalHttp.CreateClient();

    internal LocalImageRegistry Images => images;

    internal async Task<LocalDeployment> LaunchAsync(string endpointName, DescribeEndpointConfigResponse config, CancellationToken cancellationToken)
    {
        var id = $"{LocalTimestamp.Now(timeProvider):yyyyMMddHHmmss}-{Guid.NewGuid().ToString("N")[..8]}";
        var deploymentDirectory = Path.Combine(home, "endpoints", endpointName, id);
        var instances = new List<LocalEndpointInstance>();
        try
        {
            foreach (var variant in config.ProductionVariants)
            {
                instances.AddRange(await LaunchVariantAsync(variant, deploymentDirectory, cancellationToken).ConfigureAwait(false));
            }
        }
        catch
        {
            await StopAsync(instances, CancellationToken.None).ConfigureAwait(false);
            TryDeleteFolder(deploymentDirectory);
            throw;
        }

        var timeout = config.ProductionVariants.Max(v => v.ContainerStartupHealthCheckTimeoutInSeconds) ?? (int)options.ContainerStartupHealthCheckTimeout.TotalSeconds;
        logger.LogInformation("Local endpoint {EndpointName}: started {Count} model server(s) for {EndpointConfigName}", endpointName, instances.Count, config.EndpointConfigName);
        return new LocalDeployment
        {
            Id = id,
            EndpointConfigName = config.EndpointConfigName,
            StartedAt = LocalTimestamp.Now(timeProvider),
            HealthCheckTimeoutSeconds = timeout,
            Instances = instances,
        };
    }

    private async Task<IReadOnlyList<LocalEndpointInstance>> LaunchVariantAsync(ProductionVariant variant, string deploymentDirectory, CancellationToken cancellationToken)
    {
        var model = await models.GetModelAsync(variant.ModelName!, cancellationToken).ConfigureAwait(false);
        var container = model.PrimaryContainer!;
        var imageUri = container.Image;
        var modelDataUrl = container.ModelDataUrl;
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        if (container.ModelPackageName is { Length: > 0 } packageName)
        {
            var package = (await registry.FindPackageAsync(packageName, cancellationToken).ConfigureAwait(false)).Description;
            var packaged = package.InferenceSpecification?.Containers.FirstOrDefault()
                ?? throw new MlOpsException($"Model package {packageName} has no inference container.", MlOpsErrorCodes.ValidationException);
            imageUri = packaged.Image;
            modelDataUrl = packaged.ModelDataUrl;
            foreach (var (key, value) in packaged.Environment ?? new Dictionary<string, string>())
            {
                environment[key] = value;
            }
        }

        foreach (var (key, value) in container.Environment ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        var image = await images.FindAsync(imageUri ?? string.Empty, cancellationToken).ConfigureAwait(false)
            ?? throw new MlOpsException(images.NotRegisteredMessage(imageUri ?? "(none)"), "ClientError");
        var directory = Path.Combine(deploymentDirectory, variant.VariantName);
        var modelDirectory = Path.Combine(directory, "model");
        Directory.CreateDirectory(modelDirectory);
        if (!string.IsNullOrEmpty(modelDataUrl))
        {
            var archive = Path.Combine(directory, "model.tar.gz");
            var source = S3Uri.Parse(modelDataUrl, "ModelDataUrl");
            if (!await artifacts.ExistsAsync(source, cancellationToken).ConfigureAwait(false))
            {
                throw new MlOpsException($"Could not find model data at {modelDataUrl}.", "ClientError");
            }

            await artifacts.DownloadFileAsync(source, archive, null, cancellationToken).ConfigureAwait(false);
            await LocalModelArchive.ExtractAsync(archive, modelDirectory, options.ModelArchiveLimits, cancellationToken).ConfigureAwait(false);
            File.Delete(archive);
        }

        environment["SM_MODEL_DIR"] = modelDirectory;

        // Said explicitly, because a child inherits DOTNET_RUNNING_IN_CONTAINER=true on a containerised CI runner and
        // would then listen on every interface; only the endpoint's own container environment may choose otherwise.
        // CreateModel refuses a bad address; a model package's containers are checked here, when they are first read.
        var address = BindAddress(environment.GetValueOrDefault(BindAddressVariable), $"Environment[{BindAddressVariable}]");
        environment[BindAddressVariable] = address.ToString();
        var server = new LocalServerStart(LocalProcesses.Command(image, "serve"), image.Folder, environment);

        // Every instance of the variant serves the one extracted model: the first runs in the variant's folder (the
        // layout older homes have), the others beside it in folders of their own.
        var instances = new List<LocalEndpointInstance>();
        for (var i = 0; i < Math.Max(1, variant.InitialInstanceCount ?? 1); i++)
        {
            var started = await StartServerAsync(server, i == 0 ? directory : NewInstanceFolder(deploymentDirectory, variant.VariantName), variant.VariantName, cancellationToken).ConfigureAwait(false);
            logger.LogDebug("Local model server of variant {VariantName} started in {Directory}", variant.VariantName, started.Directory);
            instances.Add(started with { Weight = variant.InitialVariantWeight ?? 1, DesiredInstanceCount = variant.InitialInstanceCount ?? 1 });
        }

        return instances;
    }

    /// <summary>
    /// Starts one more server of <paramref name="like"/>'s variant: the same command, environment and model copy, in a
    /// folder (and log stream) of its own in the same deployment, on a new port. It takes no traffic until its first
    /// ping passes (<see cref="LocalEndpointInstance.ReplacingSince"/> is set). The one way to add an instance to a
    /// running fleet: in place of one that died or stopped answering /ping, and for a larger DesiredInstanceCount. Null
    /// when it cannot be built: the deployment folder is gone (the fleet was deleted or retired), or the instance was
    /// started by an older version that did not record its start.
    /// </summary>
    internal async Task<LocalEndpointInstance?> StartInstanceAsync(LocalEndpointInstance like, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var deploymentDirectory = Path.GetDirectoryName(like.Directory)!;
        var startFile = Path.Combine(like.Directory, ServerStartFileName);
        if (!Directory.Exists(deploymentDirectory) || !File.Exists(startFile))
        {
            return null;
        }

        var server = LocalJson.Deserialize<LocalServerStart>(await File.ReadAllTextAsync(startFile, cancellationToken).ConfigureAwait(false));
        var started = await StartServerAsync(server, NewInstanceFolder(deploymentDirectory, like.VariantName), like.VariantName, cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Local endpoint instance {Started} started like {Like}", started.Directory, like.Directory);
        return started with { Weight = like.Weight, DesiredInstanceCount = like.DesiredInstanceCount, ReplacingSince = now };
    }

    /// <summary>Stops an instance started by <see cref="StartInstanceAsync"/> that lost the race to be recorded and removes its folder (and its deployment's, when it was the last).</summary>
    internal async Task DiscardAsync(LocalEndpointInstance instance, CancellationToken cancellationToken)
    {
        await supervisor.StopAsync(Server(instance), cancellationToken).ConfigureAwait(false);
        TryDeleteFolder(instance.Directory);
        var deployment = Path.GetDirectoryName(instance.Directory)!;
        if (Directory.Exists(deployment) && !Directory.EnumerateFileSystemEntries(deployment).Any())
        {
            TryDeleteFolder(deployment);
        }
    }

    /// <summary>
    /// Stops a fleet started by <see cref="LaunchAsync"/> that lost the race to be recorded (its endpoint was deleted,
    /// or its launch ended by another reader, while it started) and removes its deployment folder. The folder is this
    /// launch's alone (its id is new), and it must go here: a delete that ran mid-launch removed it, but the launch
    /// created it again for its next server after that, and once no record names the fleet no reader will remove it.
    /// </summary>
    internal async Task DiscardAsync(LocalDeployment deployment, CancellationToken cancellationToken)
    {
        await StopAsync(deployment.Instances, cancellationToken).ConfigureAwait(false);
        foreach (var deploymentDirectory in deployment.Instances.Select(i => Path.GetDirectoryName(i.Directory)!).Distinct(StringComparer.Ordinal))
        {
            TryDeleteFolder(deploymentDirectory);
        }
    }

    /// <summary>An instance folder beside the variant's first: <c>&lt;variant&gt;.&lt;id&gt;</c> (a variant name has no dot).</summary>
    private static string NewInstanceFolder(string deploymentDirectory, string variantName) =>
        Path.Combine(deploymentDirectory, $"{variantName}{InstanceSeparator}{Guid.NewGuid().ToString("N")[..8]}");

    private async Task<LocalEndpointInstance> StartServerAsync(LocalServerStart server, string directory, string variantName, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, ServerStartFileName), LocalJson.Serialize(server), cancellationToken).ConfigureAwait(false);
        var port = FreePort();
        var address = IPAddress.Parse(server.Environment[BindAddressVariable]);
        var environment = new Dictionary<string, string>(server.Environment, StringComparer.Ordinal)
        {
            ["SAGEMAKER_BIND_TO_PORT"] = port.ToString(CultureInfo.InvariantCulture),
            ["SAGEMAKER_SAFE_PORT_RANGE"] = $"{port}-{port}",
            ["ASPNETCORE_URLS"] = $"http://{(address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString())}:{port}",
        };
        await supervisor.StartAsync(
            new SupervisedProcessStart
            {
                Directory = directory,
                Command = server.Command,
                WorkingDirectory = server.WorkingDirectory,
                Environment = environment,
                ChildPidFileName = ServerPidFileName,
                LogFileName = ServerLogFileName,
            },
            cancellationToken).ConfigureAwait(false);
        return new LocalEndpointInstance { VariantName = variantName, Directory = directory, Port = port };
    }

    /// <summary>
    /// Stops the servers (see <see cref="SupervisedProcess.StopAsync"/>: it returns once each exit is recorded, so their
    /// folders can be deleted next). A server started a moment ago whose supervisor has not recorded its pid yet is
    /// stopped through the mark in its folder. A folder already gone (a delete stopped that server and removed it) has
    /// no pid file left to act on and is skipped.
    /// </summary>
    internal Task StopAsync(IEnumerable<LocalEndpointInstance> instances, CancellationToken cancellationToken) =>
        Task.WhenAll(instances.Where(i => Directory.Exists(i.Directory)).Select(instance => supervisor.StopAsync(Server(instance), cancellationToken)));

    /// <summary>Deletes deployment or instance folders, stopping any server that still runs in one though no record names it (see <see cref="LocalProcessSupervisor.StopStrayChildrenAndDeleteAsync"/>).</summary>
    internal Task StopStrayChildrenAndDeleteAsync(IReadOnlyCollection<string> folders, CancellationToken cancellationToken) =>
        supervisor.StopStrayChildrenAndDeleteAsync(folders, ServerPidFileName, cancellationToken);

    /// <summary>The model server of an instance, whichever process started it.</summary>
    internal SupervisedProcess Server(LocalEndpointInstance instance) => supervisor.Attach(instance.Directory, ServerPidFileName);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// One look at an instance started by <see cref="StartInstanceAsync"/> that takes no traffic yet: "" once it answers
    /// /ping, a failure reason when it exited first or did not pass within the fleet's startup health-check timeout, or
    /// null while it is still starting.
    /// </summary>
    internal async Task<string?> CheckStartingInstanceAsync(LocalEndpointInstance instance, int timeoutSeconds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var process = Server(instance);
        if (process.HasExited)
        {
            return $"The new model server {Path.GetFileName(instance.Directory)} of variant {instance.VariantName} exited (code {process.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "unknown"}) before passing the ping health check. {LogTail(instance)}";
        }

        if (await PingAsync(instance, cancellationToken).ConfigureAwait(false))
        {
            return string.Empty;
        }

        return now - instance.ReplacingSince > TimeSpan.FromSeconds(timeoutSeconds)
            ? $"The new model server {Path.GetFileName(instance.Directory)} of variant {instance.VariantName} did not pass the ping health check within {timeoutSeconds} s. {LogTail(instance)}"
            : null;
    }

    /// <summary>Pings a starting fleet: "" when every instance is healthy, a failure reason, or null while still starting.</summary>
    internal async Task<string?> CheckStartingAsync(LocalDeployment deployment, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var allHealthy = true;
        foreach (var instance in deployment.Instances)
        {
            var process = Server(instance);
            if (process.HasExited)
            {
                return $"The model server of variant {instance.VariantName} exited (code {process.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "unknown"}) before passing the ping health check. {LogTail(instance)}";
            }

            if (!await PingAsync(instance, cancellationToken).ConfigureAwait(false))
            {
                allHealthy = false;
            }
        }

        if (allHealthy)
        {
            return string.Empty;
        }

        if (now - deployment.StartedAt > TimeSpan.FromSeconds(deployment.HealthCheckTimeoutSeconds))
        {
            return $"The primary container for production variant {deployment.Instances[0].VariantName} did not pass the ping health check within {deployment.HealthCheckTimeoutSeconds} s. {LogTail(deployment.Instances[0])}";
        }

        return null;
    }

    internal async Task<bool> PingAsync(LocalEndpointInstance instance, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.PingTimeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{instance.Port}/ping");
            request.Headers.ConnectionClose = true;
            using var response = await http.SendAsync(request, timeout.Token).ConfigureAwait(false);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>
    /// One step of a retiring server's stop: null once it has exited, else the instance as it is now (SIGTERM when it
    /// is due, SIGKILL once the grace period has passed), and whether its record changed.
    /// </summary>
    internal (LocalEndpointInstance? Remaining, bool Changed) StepRetirement(LocalEndpointInstance instance, DateTimeOffset now)
    {
        var server = Server(instance);
        // A folder gone means its pid files are too, so it can never read as exited: an adopted orphan whose own
        // launcher, still alive past LaunchTimeout, discarded it (stopped, folder deleted) when it could not record it.
        if (server.HasExited || !Directory.Exists(instance.Directory))
        {
            return (null, true);
        }

        if (instance.RetireAt > now)
        {
            return (instance, false);
        }

        if (instance.TerminatedAt is null)
        {
            server.Terminate();
            return (instance with { TerminatedAt = now }, true);
        }

        if (now - instance.TerminatedAt > supervisor.StopGracePeriod)
        {
            server.Kill();
        }

        return (instance, false);
    }

    internal static string LogTail(LocalEndpointInstance instance)
    {
        var log = Path.Combine(instance.Directory, ServerLogFileName);
        if (!File.Exists(log))
        {
            return "The server wrote no log.";
        }

        using var reader = new StreamReader(new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));
        var lines = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var tail = lines.Skip(Math.Max(0, lines.Length - LogTailLines));
        var text = new StringBuilder("Last lines of the server log:");
        foreach (var line in tail)
        {
            text.Append('\n').Append(line.TrimEnd('\r'));
        }

        return text.ToString();
    }

    internal static void TryDeleteFolder(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (IOException)
        {
            // A process that ignored SIGKILL's delivery window still holds a file: the folder is left for later.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Releases the HTTP client of the health checks; the servers themselves outlive the fleet by design.</summary>
    public void Dispose() => http.Dispose();

    /// <summary>Why a fleet cannot serve: the first of its servers that has exited, with its code and log tail; null while all run.</summary>
    internal string? CrashOf(LocalDeployment deployment)
    {
        var crashed = deployment.Instances.Select(i => (Instance: i, Server: Server(i))).FirstOrDefault(x => x.Server.HasExited);
        return crashed.Instance is null ? null
            : $"The model server of variant {crashed.Instance.VariantName} exited (code {crashed.Server.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "unknown"}); local mode replaces instances of an in-service fleet only. {LogTail(crashed.Instance)}";
    }

    /// <summary>Whether each variant of the fleet has at least one server that has not exited.</summary>
    internal bool LiveInEveryVariant(LocalDeployment deployment) =>
        LocalEndpointTransitions.Variants(deployment).All(v => v.Any(i => !Server(i).HasExited));
}
