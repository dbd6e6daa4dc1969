using System.Diagnostics;
using Microsoft.Extensions.Options;
using MlOps.Sdk.Local;
using MlOps.Sdk.SageMaker;
using MlOps.Sdk.Storage;

namespace MlOps.Sdk.Tests.Local;

/// <summary>A throw-away local home with registered test images; deletes its endpoints (stopping their processes) on dispose.</summary>
public sealed class LocalTestHome : IAsyncDisposable
{
    internal const string RoleArn = "arn:aws:iam::000000000000:role/local-test";
    internal const string Bucket = "test-bucket";
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(90);

    public LocalTestHome()
    {
        Home = Path.Combine(Path.GetTempPath(), "mlops-local-tests", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Home);
        Options = Microsoft.Extensions.Options.Options.Create(new LocalOptions
        {
            Home = Home,
            StopGracePeriod = TimeSpan.FromSeconds(2),
            ContainerStartupHealthCheckTimeout = TimeSpan.FromSeconds(30),
        });
        Client = new LocalSageMakerClient(Options);
        ImpatientClient = new LocalSageMakerClient(Microsoft.Extensions.Options.Options.Create(new LocalOptions
        {
            Home = Home,
            StopGracePeriod = TimeSpan.FromSeconds(2),
            // Long enough for the probe server to print its first line on a loaded 2-core CI machine (2 s was not).
            ContainerStartupHealthCheckTimeout = TimeSpan.FromSeconds(5),
        }));
        Runtime = new LocalSageMakerRuntimeClient(Options);
        Store = new LocalArtifactStore(Options);
        Tagging = new LocalResourceTaggingClient(Options);
        Images = new LocalImageRegistry(Options);
        Logs = new LocalTrainingLogClient(Options);
        RequireTool("python3", "apt-get install python3");
    }

    public string Home { get; }

    public IOptions<LocalOptions> Options { get; }

    public LocalSageMakerClient Client { get; }

    /// <summary>A second client over the same home whose fleets get only 2 s to pass their first ping (the wire minimum is 60 s).</summary>
    public LocalSageMakerClient ImpatientClient { get; private set; } = null!;

    public LocalSageMakerRuntimeClient Runtime { get; }

    public LocalArtifactStore Store { get; }

    public LocalResourceTaggingClient Tagging { get; }

    public LocalImageRegistry Images { get; }

    public LocalTrainingLogClient Logs { get; }

    public static void RequireTool(string tool, string install)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        if (!path.Split(':').Any(folder => File.Exists(Path.Combine(folder, tool))))
        {
            Assert.Fail($"The local-mode tests need '{tool}' on PATH: {install}");
        }
    }

    public async Task<string> RegisterTrainerAsync(string tag = "v1")
    {
        var folder = Path.Combine(Home, "images", "trainer-" + tag);
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "train.sh"), LocalTestImages.Trainer);
        return (await Images.RegisterAsync("test/trainer", tag, folder, ["bash", "train.sh"])).ImageUri;
    }

    public async Task<string> RegisterServerAsync(string tag = "v1")
    {
        var folder = Path.Combine(Home, "images", "server-" + tag);
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "server.py"), LocalTestImages.Server);
        return (await Images.RegisterAsync("test/server", tag, folder, ["python3", "server.py"])).ImageUri;
    }

    public async Task<S3Uri> UploadTrainingDataAsync()
    {
        var file = Path.Combine(Home, "train.csv");
        await File.WriteAllTextAsync(file, "x,y\n1,2\n2,4\n3,6\n");
        var uri = S3Uri.Create(Bucket, "data/train/train.csv");
        await Store.UploadFileAsync(file, uri);
        return S3Uri.Create(Bucket, "data/train/");
    }

    public CreateTrainingJobRequest TrainingRequest(string name, string image, S3Uri data, string mode = "ok", int maxRuntime = 600) => new()
    {
        TrainingJobName = name,
        RoleArn = RoleArn,
        AlgorithmSpecification = new AlgorithmSpecification
        {
            TrainingImage = image,
            TrainingInputMode = TrainingInputMode.File,
            MetricDefinitions = [new MetricDefinition { Name = "validation:accuracy", Regex = "validation:accuracy=([0-9.]+)" }],
        },
        HyperParameters = new Dictionary<string, string> { ["mode"] = mode, ["epochs"] = "3" },
        InputDataConfig = [new Channel { ChannelName = "train", DataSource = new DataSource { S3DataSource = new S3DataSource { S3DataType = S3DataType.S3Prefix, S3Uri = data.ToString() } } }],
        OutputDataConfig = new OutputDataConfig { S3OutputPath = $"s3://{Bucket}/output" },
        ResourceConfig = new ResourceConfig { InstanceType = "ml.m5.large", InstanceCount = 1, VolumeSizeInGB = 1 },
        StoppingCondition = new StoppingCondition { MaxRuntimeInSeconds = maxRuntime },
        Environment = new Dictionary<string, string> { ["CUSTOM_SETTING"] = "from-request" },
    };

    public async Task<DescribeTrainingJobResponse> WaitForTrainingAsync(string name)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var job = await Client.DescribeTrainingJobAsync(new DescribeTrainingJobRequest { TrainingJobName = name });
            if (job.TrainingJobStatus is TrainingJobStatus.Completed or TrainingJobStatus.Failed or TrainingJobStatus.Stopped)
            {
                return job;
            }

            if (watch.Elapsed > WaitLimit)
            {
                Assert.Fail($"Training job {name} is still {job.TrainingJobStatus}/{job.SecondaryStatus} after {WaitLimit}.");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Uploads a model archive holding model.json with the given weight; returns its URI.</summary>
    public async Task<S3Uri> UploadModelAsync(string key, int weight)
    {
        var folder = Path.Combine(Home, "model-src-" + Guid.NewGuid().ToString("N")[..6]);
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "model.json"), $"{{\"weight\": {weight}}}");
        var archive = folder + ".tar.gz";
        await LocalModelArchive.CreateAsync(folder, archive, CancellationToken.None);
        var uri = S3Uri.Create(Bucket, key);
        await Store.UploadFileAsync(archive, uri);
        return uri;
    }

    /// <summary>Creates a model and an endpoint config serving it on <paramref name="instanceCount"/> instances.</summary>
    public async Task CreateModelAndConfigAsync(string name, string image, S3Uri modelData, Dictionary<string, string>? environment = null, int instanceCount = 1)
    {
        await Client.CreateModelAsync(new CreateModelRequest
        {
            ModelName = name,
            ExecutionRoleArn = RoleArn,
            PrimaryContainer = new ContainerDefinition { Image = image, ModelDataUrl = modelData.ToString(), Environment = environment },
        });
        await Client.CreateEndpointConfigAsync(new CreateEndpointConfigRequest
        {
            EndpointConfigName = name,
            ProductionVariants = [new ProductionVariant
            {
                VariantName = "AllTraffic",
                ModelName = name,
                InitialInstanceCount = instanceCount,
                InstanceType = "ml.m5.large",
            }],
        });
    }

    /// <summary>Polls (through <paramref name="client"/>, else <see cref="Client"/>) until the endpoint is InService or Failed.</summary>
    public async Task<DescribeEndpointResponse> WaitForEndpointAsync(string name, LocalSageMakerClient? client = null)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var endpoint = await (client ?? Client).DescribeEndpointAsync(new DescribeEndpointRequest { EndpointName = name });
            if (endpoint.EndpointStatus is EndpointStatus.InService or EndpointStatus.Failed)
            {
                return endpoint;
            }

            if (watch.Elapsed > WaitLimit)
            {
                Assert.Fail($"Endpoint {name} is still {endpoint.EndpointStatus} after {WaitLimit}.");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Starts MlOps.Sdk.LocalProbe (a second process, wired through AddMlOps) over this home.</summary>
    public Process StartProbe(params string[] arguments)
    {
        var probe = Path.Combine(AppContext.BaseDirectory, "MlOps.Sdk.LocalProbe.dll");
        Assert.True(File.Exists(probe), $"The probe is built with the tests (project reference); {probe} is missing.");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(probe);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["MLOPS_HOME"] = Home;
        start.Environment["MLOPS_MODE"] = "local";
        start.Environment.Remove("AWS_REGION");
        start.Environment.Remove("AWS_DEFAULT_REGION");
        return Process.Start(start)!;
    }

    /// <summary>Runs the probe to its end; fails the test when it exits non-zero.</summary>
    public async Task<(int ExitCode, string Output)> RunProbeAsync(params string[] arguments)
    {
        using var probe = StartProbe(arguments);
        var output = probe.StandardOutput.ReadToEndAsync();
        var errors = probe.StandardError.ReadToEndAsync();
        await probe.WaitForExitAsync();
        Assert.True(probe.ExitCode == 0, $"The probe failed ({probe.ExitCode}): {await errors}");
        return (probe.ExitCode, await output);
    }

    /// <summary>Invokes the endpoint through the runtime client and returns the answer's text.</summary>
    public async Task<string> InvokeAsync(string endpoint, string body)
    {
        var response = await Runtime.InvokeEndpointAsync(new InvokeEndpointRequest { EndpointName = endpoint, Body = System.Text.Encoding.UTF8.GetBytes(body), ContentType = "text/csv" });
        return System.Text.Encoding.UTF8.GetString(response.Body.Span);
    }

    public async ValueTask DisposeAsync()
    {
        await foreach (var endpoint in Client.ListEndpointsAsync(new ListEndpointsRequest()))
        {
            await Client.DeleteEndpointAsync(new DeleteEndpointRequest { EndpointName = endpoint.EndpointName });
        }

        // Training jobs that were left running (tests that kill their starter) are stopped too.
        await foreach (var job in Client.ListTrainingJobsAsync(new ListTrainingJobsRequest { StatusEquals = TrainingJobStatus.InProgress }))
        {
            try
            {
                await Client.StopTrainingJobAsync(new StopTrainingJobRequest { TrainingJobName = job.TrainingJobName });
            }
            catch (MlOpsException)
            {
                // It ended between the listing and the stop.
            }
        }

        Runtime.Dispose();
        Client.Dispose();
        ImpatientClient.Dispose();
        try
        {
            Directory.Delete(Home, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A stopped trainer may still be writing its last lines; the temp folder is left behind then.
        }
    }
}
