using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Text;
using MlOps.Sdk.SageMaker;
using MlOps.Sdk.Storage;

namespace MlOps.Sdk.Tests.Local;

public sealed class LocalEndpointTests : IAsyncLifetime
{
    private readonly LocalTestHome home = new();
    private string image = string.Empty;
    private S3Uri model = S3Uri.Create(LocalTestHome.Bucket);

    public async Task InitializeAsync()
    {
        image = await home.RegisterServerAsync();
        model = await home.UploadModelAsync("models/weight2/model.tar.gz", 2);
    }

    public async Task DisposeAsync() => await home.DisposeAsync();

    [Fact]
    public async Task CreateEndpoint_ServerAnswersPing_BecomesInServiceAndAnswersPredictions()
    {
        await home.CreateModelAndConfigAsync("ep-ok", image, model);

        await home.Client.CreateEndpointAsync(new CreateEndpointRequest { EndpointName = "ep-ok", EndpointConfigName = "ep-ok" });
        var endpoint = await home.WaitForEndpointAsync("ep-ok");
        var answer = await home.InvokeAsync("ep-ok", "21");

        Assert.Equal(EndpointStatus.InService, endpoint.EndpointStatus);
        Assert.Equal("{\"prediction\": 42.0, \"version\": \"v1\"}", answer);
    }

    [Fact]
    public async Task InvokeEndpoint_CustomAttributes_PassThroughBothWays()
    {
        await home.CreateModelAndConfigAsync("ep-attr", image, model);
        await home.Client.CreateEndpointAsync(new CreateEndpointRequest { EndpointName = "ep-attr", EndpointConfigName = "ep-attr" });
        await home.WaitForEndpointAsync("ep-attr");

        var response = await home.Runtime.InvokeEndpointAsync(new InvokeEndpointRequest
        {
            EndpointName = "ep-attr",
            Body = Encoding.UTF8.GetBytes("1"),
            ContentType = "text/csv",
            CustomAttributes = "trace=abc",
        });

        Assert.Equal("trace=abc", response.CustomAttributes);
        Assert.Equal("AllTraffic", response.InvokedProductionVariant);
        Assert.Equal("application/json", response.ContentType);
    }

    [Fact]
    public async Task InvokeEndpoint_ContainerAnswers400_ThrowsModelError424WithContainerMessage()
    {
        await home.CreateModelAndConfigAsync("ep-bad", image, model);
        await home.Client.CreateEndpointAsync(new CreateEndpointRequest { EndpointName = "ep-bad", EndpointConfigName = "ep-bad" });
        await home.WaitForEndpointAsync("ep-bad");

        var error = await Assert.ThrowsAsync<MlOpsException>(() => home.InvokeAsync("ep-bad", "not a number"));

        Assert.Equal("ModelError", error.ErrorCode);
        Assert.Equal(HttpStatusCode.FailedDependency, error.StatusCode);
        Assert.Contains("Received client error (400) from primary", error.Message, StringComparison.Ordinal);
        Assert.Contains("input must be a number", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeEndpoint_UnknownEndpoint_ThrowsValidationError400()
    {
        var error = await Assert.ThrowsAsync<MlOpsException>(() => home.InvokeAsync("ep-missing", "1"));

        Assert.Equal("ValidationError", error.ErrorCode);
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
    }

    [Fact]
    public async Task CreateEndpoint_ServerNeverAnswersPing_FailsWithServerLogTail()
    {
        await home.CreateModelAndConfigAsync("ep-noping", image, model, new() { ["SERVER_MODE"] = "noping" });

        await home.ImpatientClient.CreateEndpointAsync(new CreateEndpointRequest { EndpointName = "ep-noping", EndpointConfigName = "ep-noping" });
        var endpoint = await home.WaitForEndpointAsync("ep-noping");

        Assert.Equal(EndpointStatus.Failed, endpoint.EndpointStatus);
        Assert.Contains("did not pass the ping health check within 5 s", endpoint.FailureReason, StringComparison.Ordinal);
        Assert.Contains("serving model weight=2", endpoint.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DescribeEndpoint_ServerCrashesAfterInService_StaysInServiceOnAReplacement()
    {
        await home.CreateModelAndConfigAsync("ep-crash", image, model);
        await home.Client.CreateEndpointAsync(new CreateEndpointRequest { EndpointName = "ep-crash", EndpointConfigName = "ep-crash" });
        await home.WaitForEndpointAsync("ep-crash");

        await Assert.ThrowsAnyAsync<MlOpsException>(() => home.InvokeAsync("ep-crash", "crash"));
        var endpoint = await home.WaitForEndpointAsync("ep-crash");

        Assert.Equal(EndpointStatus.InService, endpoint.EndpointStatus);
        Assert.Null(endpoint.FailureReason);
    }

    [Fact]
    public async Task CreateEndpoint_ModelArchiveWithPathTraversal_FailsAndWritesNothingOutside()
    {
        var archive = Path.Combine(home.Home, "evil.tar.gz");
        await using (var file = File.Create(archive))
        await using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        await using (var tar = new TarWriter(gzip, TarEntryFormat.Pax))
        {
            var entry = new PaxTarEntry(TarEntryType.RegularFile, "../../escaped.txt") { DataStream = new MemoryStream(Encoding.UTF8.GetBytes("pwned")) };
            await tar.WriteEntryAsync(entry);
        }

        var evil = S3Uri.Create(LocalTestHome.Bucket, "models/evil/model.tar.gz");
        await home.Store.UploadFileAsync(archive, evil);
        await home.CreateModelAndConfigAsync("ep-evil", image, evil);

        await home.Client.CreateEndpointAsync(new CreateEndpointRequest { EndpointName = "ep-evil", EndpointConfigName = "ep-evil" });
        var endpoint = await home.WaitForEndpointAsync("ep-evil");

        Assert.Equal(EndpointStatus.Failed, endpoint.EndpointStatus);
        Assert.Contains("../../escaped.txt", endpoint.FailureReason, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(home.Home, "escaped.txt", SearchOption.AllDirectories));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(home.Home, "endpoints", "ep-evil")));
    }

    [Fact]
    public async Task CreateEndpoint_ServerInheritsRunningInContainer_StillListensOnLoopbackOnly()
    {
        await home.CreateModelAndConfigAsync("ep-bind", image, model, new() { ["DOTNET_RUNNING_IN_CONTAINER"] = "true" });

        await home.Client.CreateEndpointAsync(new CreateEndpointRequest { EndpointName = "ep-bind", EndpointConfigName = "ep-bind" });
        await home.WaitForEndpointAsync("ep-bind");

        Assert.Equal(["127.0.0.1"], ListeningAddresses(ServerPort("ep-bind")));
    }

    [Fact]
    public async Task CreateEndpoint_BindAddressSetForThatEndpoint_IsHonoured()
    {
        await home.CreateModelAndConfigAsync("ep-bind-any", image, model, new() { ["MLOPS_BIND_ADDRESS"] = "0.0.0.0" });

        await home.Client.CreateEndpointAsync(new CreateEndpointRequest { EndpointName = "ep-bind-any", EndpointConfigName = "ep-bind-any" });
        var endpoint = await home.WaitForEndpointAsync("ep-bind-any");

        Assert.Equal(EndpointStatus.InService, endpoint.EndpointStatus);
        Assert.Equal(["0.0.0.0"], ListeningAddresses(ServerPort("ep-bind-any")));
    }

    [Fact]
    public async Task CreateModel_BindAddressNotAnAddress_RefusedNamingTheVariable()
    {
        var error = await Assert.ThrowsAsync<MlOpsValidationException>(() => home.CreateModelAndConfigAsync("ep-bind-bad", image, model, new() { ["MLOPS_BIND_ADDRESS"] = "everywhere" }));

        Assert.Equal("CreateModelRequest.PrimaryContainer.Environment[MLOPS_BIND_ADDRESS]", error.FieldName);
        Assert.Contains("must be an IP address", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAnyAsync<MlOpsException>(() => home.Client.DescribeModelAsync(new DescribeModelRequest { ModelName = "ep-bind-bad" }));
    }

    /// <summary>Serves the endpoint on a blue config, then starts its update to a green one whose server fails /ping until the test opens its gate.</summary>
    private async Task UpdateToGatedGreenAsync(string endpoint)
    {
        await home.CreateModelAndConfigAsync(endpoint + "-blue", image, model);
        await home.CreateModelAndConfigAsync(endpoint + "-green", image, model, Gated(endpoint));
        await home.Client.CreateEndpointAsync(new CreateEndpointRequest { EndpointName = endpoint, EndpointConfigName = endpoint + "-blue" });
        await home.WaitForEndpointAsync(endpoint);
        await home.Client.UpdateEndpointAsync(new UpdateEndpointRequest { EndpointName = endpoint, EndpointConfigName = endpoint + "-green" });
    }

    private string GateFile(string endpoint) => Path.Combine(home.Home, endpoint + ".gate");

    /// <summary>A server that runs but fails /ping until the test opens its gate: a deployment held in progress.</summary>
    private Dictionary<string, string> Gated(string endpoint) => new() { ["VERSION"] = "green", ["SERVER_MODE"] = "gate", ["GATE_FILE"] = GateFile(endpoint) };

    private int ServerPort(string endpoint)
    {
        var environ = File.ReadAllText($"/proc/{ServerPid(endpoint)}/environ").Split('\0');
        return int.Parse(environ.Single(v => v.StartsWith("SAGEMAKER_BIND_TO_PORT=", StringComparison.Ordinal)).Split('=')[1], System.Globalization.CultureInfo.InvariantCulture);
    }

    private int ServerPid(string endpoint)
    {
        var pidFile = Directory.EnumerateFiles(Path.Combine(home.Home, "endpoints", endpoint), "server.pid", SearchOption.AllDirectories).Single();
        return int.Parse(File.ReadAllText(pidFile), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The IPv4 addresses with a socket listening on the port, from the kernel's table (/proc/net/tcp).</summary>
    private static string[] ListeningAddresses(int port) =>
        [.. File.ReadAllLines("/proc/net/tcp").Skip(1)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f[3] == "0A" && int.Parse(f[1].Split(':')[1], System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture) == port)
            .Select(f => new IPAddress(BitConverter.GetBytes(uint.Parse(f[1].Split(':')[0], System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture))).ToString())];

    [Fact]
    public async Task UpdateEndpoint_OldFleetStopped_ItsDeploymentFolderIsDeleted()
    {
        await home.CreateModelAndConfigAsync("ep-gc-blue", image, model);
        await home.CreateModelAndConfigAsync("ep-gc-green", image, model, new() { ["VERSION"] = "green" });
        await home.Client.CreateEndpointAsync(new CreateEndpointRequest { EndpointName = "ep-gc", EndpointConfigName = "ep-gc-blue" });
        await home.WaitForEndpointAsync("ep-gc");
        var folder = Path.Combine(home.Home, "endpoints", "ep-gc");
        var blue = Assert.Single(Directory.GetDirectories(folder));

        await home.Client.UpdateEndpointAsync(new UpdateEndpointRequest { EndpointName = "ep-gc", EndpointConfigName = "ep-gc-green" });
        await home.WaitForEndpointAsync("ep-gc");

        // Retirement is lazy: each describe moves it on (SIGTERM, exit, then the folder goes).
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (Directory.Exists(blue) && DateTime.UtcNow < deadline)
        {
            await home.Client.DescribeEndpointAsync(new DescribeEndpointRequest { EndpointName = "ep-gc" });
            await Task.Delay(100);
        }

        Assert.False(Directory.Exists(blue), "the replaced deployment's folder is still there");
        var green = Assert.Single(Directory.GetDirectories(folder));
        Assert.Contains("green", await home.InvokeAsync("ep-gc", "1"), StringComparison.Ordinal);
        Assert.NotEqual(blue, green);
    }

    [Fact]
    public async Task CreateEndpoint_TwoDeploysOfOneEndpointAtOnce_OneWinsOtherGetsResourceInUse()
    {
        await home.CreateModelAndConfigAsync("ep-race-a", image, model);
        await home.CreateModelAndConfigAsync("ep-race-b", image, model);

        var attempts = new[] { "ep-race-a", "ep-race-b" }.Select(config => Task.Run(async () =>
        {
            try
            {
                await home.Client.CreateEndpointAsync(new CreateEndpointRequest { EndpointName = "ep-race", EndpointConfigName = config });
                return "created";
            }
            catch (MlOpsException ex)
            {
                return ex.ErrorCode + ": " + ex.Message;
            }
        })).ToArray();
        var outcomes = await Task.WhenAll(attempts);
        var endpoint = await home.WaitForEndpointAsync("ep-race");

        Assert.Single(outcomes, o => o == "created");
        Assert.Single(outcomes, o => o.StartsWith("ResourceInUse: Cannot create already existing endpoint", StringComparison.Ordinal));
        Assert.Equal(EndpointStatus.InService, endpoint.EndpointStatus);
        Assert.Equal("{\"prediction\": 2.0, \"version\": \"v1\"}", await home.InvokeAsync("ep-race", "1"));
    }

    [Fact]
    public async Task UpdateEndpoint_BlueGreenUnderLoad_SwitchesWithZeroFailedInvocations()
    {
        await home.CreateModelAndConfigAsync("ep-bg-blue", image, model, new() { ["VERSION"] = "blue" });
        var greenModel = await home.UploadModelAsync("models/weight3/model.tar.gz", 3);
        await home.CreateModelAndConfigAsync("ep-bg-green", image, greenModel, new() { ["VERSION"] = "green" });
        await home.Client.CreateEndpointAsync(new CreateEndpointRequest { EndpointName = "ep-bg", EndpointConfigName = "ep-bg-blue" });
        await home.WaitForEndpointAsync("ep-bg");

        using var stop = new CancellationTokenSource();
        var failures = new List<string>();
        var answers = new List<string>();
        var load = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    var answer = await home.InvokeAsync("ep-bg", "1");
                    lock (answers)
                    {
                        answers.Add(answer);
                    }
                }
                catch (MlOpsException ex)
                {
                    lock (failures)
                    {
                        failures.Add(ex.Message);
                    }
                }
            }
        });
        await home.Client.UpdateEndpointAsync(new UpdateEndpointRequest { EndpointName = "ep-bg", EndpointConfigName = "ep-bg-green" });
        var endpoint = await home.WaitForEndpointAsync("ep-bg");
        while (!answers.ToArray().Any(a => a.Contains("green", StringComparison.Ordinal)))
        {
            await Task.Delay(20);
        }

        await Task.Delay(300);
        await stop.CancelAsync();
        await load;

        Assert.Empty(failures);
        Assert.Equal(EndpointStatus.InService, endpoint.EndpointStatus);
        Assert.Equal("ep-bg-green", endpoint.EndpointConfigName);
        Assert.Contains(answers, a => a.Contains("\"blue\"", StringComparison.Ordinal));
        Assert.Equal("{\"prediction\": 3.0, \"version\": \"green\"}", answers[^1]);
    }

    [Fact]
    public async Task UpdateEndpoint_NewFleetNeverHealthy_KeepsOldFleetInServiceWithReason()
    {
        await home.CreateModelAndConfigAsync("ep-rb-old", image, model);
        await home.CreateModelAndConfigAsync("ep-rb-new", image, model, new() { ["SERVER_MODE"] = "noping" });
        await home.Client.CreateEndpointAsync(new CreateEndpointRequest { EndpointName = "ep-rb", EndpointConfigName = "ep-rb-old" });
        await home.WaitForEndpointAsync("ep-rb");

        await home.ImpatientClient.UpdateEndpointAsync(new UpdateEndpointRequest { EndpointName = "ep-rb", EndpointConfigName = "ep-rb-new" });
        var endpoint = await home.WaitForEndpointAsync("ep-rb");

        Assert.Equal(EndpointStatus.InService, endpoint.EndpointStatus);
        Assert.Equal("ep-rb-old", endpoint.EndpointConfigName);
        Assert.Contains("did not pass the ping health check", endpoint.FailureReason, StringComparison.Ordinal);
        Assert.Equal("{\"prediction\": 2.0, \"version\": \"v1\"}", await home.InvokeAsync("ep-rb", "1"));
    }

    [Fact]
    public async Task DescribeEndpoint_Creating_CarriesPendingDeploymentSummaryOfItsConfig()
    {
        await home.CreateModelAndConfigAsync("ep-pd-create", image, model, Gated("ep-pd-create"));

        await home.Client.CreateEndpointAsync(new CreateEndpointRequest { EndpointName = "ep-pd-create", EndpointConfigName = "ep-pd-create" });
        var creating = await home.Client.DescribeEndpointAsync(new DescribeEndpointRequest { EndpointName = "ep-pd-create" });

        Assert.Equal((EndpointStatus.Creating, "ep-pd-create", creating.CreationTime), (creating.EndpointStatus, creating.PendingDeploymentSummary?.EndpointConfigName, creating.PendingDeploymentSummary?.StartTime));
    }

    [Fact]
    public async Task DescribeEndpoint_UpdatingToANewConfig_CarriesPendingDeploymentSummaryOfTheNewConfig()
    {
        await UpdateToGatedGreenAsync("ep-pd-up");

        var updating = await home.Client.DescribeEndpointAsync(new DescribeEndpointRequest { EndpointName = "ep-pd-up" });

        Assert.Equal(
            (EndpointStatus.Updating, "ep-pd-up-blue", "ep-pd-up-green", updating.LastModifiedTime),
            (updating.EndpointStatus, updating.EndpointConfigName, updating.PendingDeploymentSummary?.EndpointConfigName, updating.PendingDeploymentSummary?.StartTime));
    }

    [Fact]
    public async Task DescribeEndpoint_UpdateCompleted_OmitsPendingDeploymentSummary()
    {
        await UpdateToGatedGreenAsync("ep-pd-done");

        await File.WriteAllTextAsync(GateFile("ep-pd-done"), "open");
        var done = await home.WaitForEndpointAsync("ep-pd-done");

        Assert.Equal((EndpointStatus.InService, "ep-pd-done-green", null), (done.EndpointStatus, done.EndpointConfigName, done.PendingDeploymentSummary));
    }

    [Fact]
    public async Task DeleteEndpoint_Running_StopsItsProcess()
    {
        await home.CreateModelAndConfigAsync("ep-del", image, model);
        await home.Client.CreateEndpointAsync(new CreateEndpointRequest { EndpointName = "ep-del", EndpointConfigName = "ep-del" });
        await home.WaitForEndpointAsync("ep-del");
        var pidFile = Directory.EnumerateFiles(Path.Combine(home.Home, "endpoints", "ep-del"), "server.pid", SearchOption.AllDirectories).Single();
        var pid = int.Parse(await File.ReadAllTextAsync(pidFile), System.Globalization.CultureInfo.InvariantCulture);

        await home.Client.DeleteEndpointAsync(new DeleteEndpointRequest { EndpointName = "ep-del" });

        Assert.False(Directory.Exists($"/proc/{pid}") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z", StringComparison.Ordinal));
        await Assert.ThrowsAsync<MlOpsException>(() => home.Client.DescribeEndpointAsync(new DescribeEndpointRequest { EndpointName = "ep-del" }));
    }

    [Fact]
    public async Task CreateEndpoint_ModelFromModelPackage_ServesThePackagesModelData()
    {
        await home.Client.CreateModelPackageGroupAsync(new CreateModelPackageGroupRequest { ModelPackageGroupName = "ep-pkg-group" });
        var package = await home.Client.CreateModelPackageAsync(new CreateModelPackageRequest
        {
            ModelPackageGroupName = "ep-pkg-group",
            ModelApprovalStatus = ModelApprovalStatus.Approved,
            InferenceSpecification = new InferenceSpecification
            {
                Containers = [new ModelPackageContainerDefinition { Image = image, ModelDataUrl = model.ToString(), Environment = new Dictionary<string, string> { ["VERSION"] = "pkg" } }],
                SupportedContentTypes = ["text/csv"],
                SupportedResponseMIMETypes = ["application/json"],
            },
        });
        await home.Client.CreateModelAsync(new CreateModelRequest
        {
            ModelName = "ep-pkg",
            ExecutionRoleArn = LocalTestHome.RoleArn,
            PrimaryContainer = new ContainerDefinition { ModelPackageName = package.ModelPackageArn },
        });
        await home.Client.CreateEndpointConfigAsync(new CreateEndpointConfigRequest
        {
            EndpointConfigName = "ep-pkg",
            ProductionVariants = [new ProductionVariant { VariantName = "AllTraffic", ModelName = "ep-pkg", InitialInstanceCount = 1, InstanceType = "ml.m5.large" }],
        });

        await home.Client.CreateEndpointAsync(new CreateEndpointRequest { EndpointName = "ep-pkg", EndpointConfigName = "ep-pkg" });
        await home.WaitForEndpointAsync("ep-pkg");

        Assert.Equal("{\"prediction\": 10.0, \"version\": \"pkg\"}", await home.InvokeAsync("ep-pkg", "5"));
    }

    [Fact]
    public async Task CreateModel_ImageNotRegistered_ThrowsWithHowToRegister()
    {
        var error = await Assert.ThrowsAsync<MlOpsException>(() => home.Client.CreateModelAsync(new CreateModelRequest
        {
            ModelName = "no-image",
            ExecutionRoleArn = LocalTestHome.RoleArn,
            PrimaryContainer = new ContainerDefinition { Image = home.Images.GetImageUri("never/built", "x"), ModelDataUrl = model.ToString() },
        }));

        Assert.Equal("ValidationException", error.ErrorCode);
        Assert.Contains("LocalImageRegistry.RegisterAsync", error.Message, StringComparison.Ordinal);
    }
}
