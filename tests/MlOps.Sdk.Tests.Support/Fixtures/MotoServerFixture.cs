using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace MlOps.Sdk.Tests.Fixtures;

/// <summary>
/// Starts <c>moto_server</c> (an AWS API stand-in) on a free loopback port for a test collection, and stops it.
/// </summary>
public sealed class MotoServerFixture : IAsyncLifetime
{
    private const string InstallHint =
        "moto_server was not found on PATH. Install it with: python3 -m pip install 'moto[server]==5.1.*' " +
        "(or 'pip install moto[server]'), then make sure its scripts folder is on PATH.";

    private Process? _process;
    private readonly HttpClient _http = new();

    /// <summary>The server's base address, <c>http://127.0.0.1:&lt;port&gt;/</c>.</summary>
    public Uri Endpoint { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var executable = FindOnPath("moto_server") ?? throw new InvalidOperationException(InstallHint);
        var port = FreeLoopbackPort();
        Endpoint = new Uri($"http://127.0.0.1:{port}/");
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-H");
        start.ArgumentList.Add("127.0.0.1");
        start.ArgumentList.Add("-p");
        start.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        _process = Process.Start(start) ?? throw new InvalidOperationException("moto_server did not start.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"moto_server exited with code {_process.ExitCode} before answering. {InstallHint}");
            }

            try
            {
                using var response = await _http.GetAsync(new Uri(Endpoint, "moto-api/"));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"moto_server did not answer on {Endpoint} within 60 s.");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Forgets every resource moto holds, so each test starts clean.</summary>
    public async Task ResetAsync()
    {
        using var response = await _http.PostAsync(new Uri(Endpoint, "moto-api/reset"), null);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Sets the answer moto's InvokeEndpoint gives next (moto returns canned results).</summary>
    public async Task SetEndpointResultAsync(string body, string contentType = "application/json")
    {
        var payload = System.Text.Json.JsonSerializer.Serialize(new
        {
            results = new[] { new { Body = body, ContentType = contentType, InvokedProductionVariant = "AllTraffic", CustomAttributes = "attr=1" } },
            region = "us-east-1",
        });
        using var content = new StringContent(payload, System.Text.Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync(new Uri(Endpoint, "moto-api/static/sagemaker/endpoint-results"), content);
        response.EnsureSuccessStatusCode();
    }

    public Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process?.Dispose();
        _http.Dispose();
        return Task.CompletedTask;
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string? FindOnPath(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var folder in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
