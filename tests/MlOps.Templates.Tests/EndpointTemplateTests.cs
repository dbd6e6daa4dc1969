using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Xunit.Abstractions;

namespace MlOps.Templates.Tests;

[Collection(TemplatePackCollection.Name)]
public sealed class EndpointTemplateTests
{
    private readonly TemplatePackFixture _pack;
    private readonly ITestOutputHelper _log;

    public EndpointTemplateTests(TemplatePackFixture pack, ITestOutputHelper log)
    {
        _pack = pack;
        _log = log;
    }

    [Fact]
    public async Task Generate_DefaultParameters_ItsOwnTestsPass()
    {
        var project = await _pack.GenerateAndBuildAsync("mlops-endpoint", "BreastCancerApi");

        (await CommandRunner.RunAsync("dotnet", ["test", project.Solution, "--no-build"], project.Directory, log: _log)).EnsureSuccess();
    }

    [Fact]
    public async Task Generate_DefaultParameters_ManifestHoldsLocalModeDefaults()
    {
        var project = await _pack.GenerateAndBuildAsync("mlops-endpoint", "BreastCancerApi");

        using var manifest = JsonDocument.Parse(project.ReadFile("manifest.json"));
        var root = manifest.RootElement;
        Assert.Equal("us-east-1", root.GetProperty("aws").GetProperty("region").GetString());
        Assert.Equal("breast-cancer-api-models", root.GetProperty("model").GetProperty("modelPackageGroup").GetString());
        Assert.Equal("breast-cancer-api", root.GetProperty("endpoint").GetProperty("name").GetString());
        Assert.Equal("ml.m5.large", root.GetProperty("endpoint").GetProperty("instanceType").GetString());
        Assert.Equal(1, root.GetProperty("endpoint").GetProperty("initialInstanceCount").GetInt32());
        Assert.Equal("accuracy", root.GetProperty("test").GetProperty("gate").GetProperty("metric").GetString());
        Assert.Equal(0.9, root.GetProperty("test").GetProperty("gate").GetProperty("threshold").GetDouble());
    }

    [Fact]
    public async Task Generate_DefaultParameters_NoTemplateNameIsLeft()
    {
        var project = await _pack.GenerateAndBuildAsync("mlops-endpoint", "BreastCancerApi");

        foreach (var file in project.GeneratedTextFiles())
        {
            var text = File.ReadAllText(file);
            Assert.DoesNotContain("MlOpsEndpoint", text, StringComparison.Ordinal);
            Assert.DoesNotContain("mlops-endpoint-app", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Generate_NonDefaultParameters_RendersThemAndItsTestsPass()
    {
        var project = await _pack.GenerateAndBuildAsync(
            "mlops-endpoint",
            "Fraud.Api",
            "--region", "eu-central-1",
            "--model-package-group", "fraud-group",
            "--instance-type", "ml.c5.large",
            "--instance-count", "2",
            "--candidate-role-variable", "FRAUD_CANDIDATE_ROLE",
            "--gate-metric", "f1",
            "--gate-threshold", "0.8");

        using var manifest = JsonDocument.Parse(project.ReadFile("manifest.json"));
        var root = manifest.RootElement;
        Assert.Equal("eu-central-1", root.GetProperty("aws").GetProperty("region").GetString());
        Assert.Equal("fraud-group", root.GetProperty("model").GetProperty("modelPackageGroup").GetString());
        Assert.Equal("fraud-api", root.GetProperty("endpoint").GetProperty("name").GetString());
        Assert.Equal("ml.c5.large", root.GetProperty("endpoint").GetProperty("instanceType").GetString());
        Assert.Equal(2, root.GetProperty("endpoint").GetProperty("initialInstanceCount").GetInt32());
        Assert.Equal("FRAUD_CANDIDATE_ROLE", root.GetProperty("aws").GetProperty("candidateRoleArnVariable").GetString());
        Assert.Equal("f1", root.GetProperty("test").GetProperty("gate").GetProperty("metric").GetString());
        Assert.Equal(0.8, root.GetProperty("test").GetProperty("gate").GetProperty("threshold").GetDouble());
        (await CommandRunner.RunAsync("dotnet", ["test", project.Solution, "--no-build"], project.Directory, log: _log)).EnsureSuccess();
    }

    [Fact]
    public async Task Server_ModelFromGeneratedTrainer_AnswersTestDataAccurately()
    {
        var trainer = await _pack.GenerateAndBuildAsync("mlops-training", "BreastCancer");
        var endpoint = await _pack.GenerateAndBuildAsync("mlops-endpoint", "BreastCancerApi");
        var job = TrainingJob.Create(trainer);
        (await CommandRunner.RunAsync(
            "dotnet",
            [trainer.BuiltAssembly("BreastCancer.Trainer"), "train"],
            trainer.Directory,
            new Dictionary<string, string> { ["SAGEMAKER_BASE_DIR"] = job },
            _log)).EnsureSuccess();
        var rows = File.ReadAllLines(Path.Combine(endpoint.Directory, "test-data", "validation.csv")).Skip(1).ToArray();
        var features = string.Join('\n', rows.Select(row => row[..row.LastIndexOf(',')]));
        var labels = rows.Select(row => row[(row.LastIndexOf(',') + 1)..]).ToArray();

        var port = FreeLoopbackPort();
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(endpoint.BuiltAssembly("BreastCancerApi.Server"));
        start.ArgumentList.Add("serve");
        start.Environment["SM_MODEL_DIR"] = Path.Combine(job, "model");
        start.Environment["SAGEMAKER_BIND_TO_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var server = Process.Start(start)!;
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await WaitUntilHealthyAsync(client, server);

            using var response = await client.PostAsync("/invocations", new StringContent(features, Encoding.UTF8, "text/csv"));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var predicted = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => line.Split(',')[0]).ToArray();
            Assert.Equal(labels.Length, predicted.Length);
            var accuracy = labels.Zip(predicted).Count(pair => pair.First == pair.Second) / (double)labels.Length;
            Assert.True(accuracy >= 0.9, $"accuracy {accuracy:F3} on the endpoint's test data");
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }
    }

    private static async Task WaitUntilHealthyAsync(HttpClient client, Process server)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        while (true)
        {
            Assert.False(server.HasExited, "The generated server exited before it answered /ping.");
            try
            {
                using var ping = await client.GetAsync("/ping", deadline.Token);
                if (ping.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100, deadline.Token);
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
