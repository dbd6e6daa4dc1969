using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MlOps.Sdk;
using MlOps.Sdk.Endpoints;
using MlOps.Sdk.Local;
using MlOps.Sdk.Registry;

// usage: BlueGreen <MLOPS_HOME of a main-job run> <pipeline-state.json of that run> <one CSV row> [seconds]
// Deploys the run's model with its serving image to a bench endpoint, puts wrk load on it through a loopback gateway
// that calls InvokeEndpoint (as clients do), switches the endpoint blue/green mid-load, and counts non-2xx answers.
if (args.Length < 3)
{
    Console.Error.WriteLine("usage: BlueGreen <MLOPS_HOME> <pipeline-state.json> <csv row file> [seconds]");
    return 2;
}

var seconds = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 12;
var state = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(args[1]))!;
var services = new ServiceCollection();
services.AddMlOps(configure: o => o.Mode = MlOpsMode.Local);
services.Configure<LocalOptions>(o => o.Home = args[0]);
await using var provider = services.BuildServiceProvider();
var endpoints = ActivatorUtilities.CreateInstance<EndpointClient>(provider);
var registry = ActivatorUtilities.CreateInstance<RegistryClient>(provider);
var version = await registry.GetModelVersionAsync(state["MLOPS_MODEL_PACKAGE_ARN"]);
const string endpoint = "bench-blue-green";

EndpointDeploymentSpec Spec(string color) => new()
{
    EndpointName = endpoint,
    Image = state["MLOPS_SERVING_IMAGE_URI"],
    ModelDataUrl = version.ModelDataUrl,
    Environment = new Dictionary<string, string> { ["BENCH_COLOR"] = color },
};

Console.WriteLine("deploying blue");
await (await endpoints.DeployAsync(Spec("blue"))).WaitForCompletionAsync();

var listener = new TcpListener(IPAddress.Loopback, 0);
listener.Start();
var port = ((IPEndPoint)listener.LocalEndpoint).Port;
listener.Stop();
var gatewayFailures = 0;
var builder = WebApplication.CreateSlimBuilder();
builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
builder.Logging.ClearProviders();
var app = builder.Build();
app.MapPost("/invocations", async (HttpRequest request) =>
{
    using var body = new MemoryStream();
    await request.Body.CopyToAsync(body);
    try
    {
        var response = await endpoints.InvokeAsync(endpoint, body.ToArray(), request.ContentType ?? "text/csv", "application/json");
        return Results.Bytes(response.Body.ToArray(), "application/json");
    }
    catch (MlOpsException ex)
    {
        Interlocked.Increment(ref gatewayFailures);
        return Results.Text(ex.Message, statusCode: (int)(ex.StatusCode ?? HttpStatusCode.BadGateway));
    }
});
await app.StartAsync();

var script = Path.Combine(Path.GetTempPath(), $"bench-blue-green-{Environment.ProcessId}.lua");
var row = File.ReadAllText(args[2]).Trim().Replace("\"", "\\\"", StringComparison.Ordinal);
File.WriteAllText(script, $"wrk.method = \"POST\"\nwrk.headers[\"Content-Type\"] = \"text/csv\"\nwrk.body = \"{row}\\n\"\n");
var wrk = Process.Start(new ProcessStartInfo("wrk", ["-t2", "-c8", $"-d{seconds}s", "--latency", "-s", script, $"http://127.0.0.1:{port}/invocations"]) { RedirectStandardOutput = true })
    ?? throw new InvalidOperationException("wrk did not start: apt-get install wrk");
var output = wrk.StandardOutput.ReadToEndAsync();

await Task.Delay(TimeSpan.FromSeconds(Math.Max(2, seconds / 4)));
var switchStarted = Stopwatch.StartNew();
Console.WriteLine("switching to green under load");
var green = await (await endpoints.DeployAsync(Spec("green"))).WaitForCompletionAsync();
Console.WriteLine($"green in service after {switchStarted.Elapsed.TotalSeconds:0.0} s on {green.EndpointConfigName}");

await wrk.WaitForExitAsync();
var text = await output;
Console.WriteLine(text);
var non2xx = Regex.Match(text, @"Non-2xx or 3xx responses: (\d+)") is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
var socketErrors = Regex.Match(text, @"Socket errors: (.*)") is { Success: true } s ? s.Groups[1].Value : "none";
Console.WriteLine($"non-2xx answers during the run: {non2xx} (gateway saw {gatewayFailures} failed invocations); socket errors: {socketErrors}");

await app.StopAsync();
await endpoints.DeleteEndpointAsync(endpoint);
File.Delete(script);
return non2xx == 0 && gatewayFailures == 0 ? 0 : 1;
