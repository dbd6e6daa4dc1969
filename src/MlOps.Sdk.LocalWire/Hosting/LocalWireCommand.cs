using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using MlOps.Sdk.Local;

namespace MlOps.Sdk.LocalWire.Hosting;

/// <summary>
/// The <c>mlops-local</c> command: <c>serve [--port N] [--home DIR] [--region R]</c> starts <see cref="LocalWireServer"/>,
/// prints the <c>export AWS_ENDPOINT_URL_...</c> lines on standard output (so <c>&gt; env.sh</c> captures just them) and
/// one line per request on standard error, and runs until Ctrl+C or SIGTERM.
/// </summary>
public static class LocalWireCommand
{
    private const string Usage = """
        Usage: mlops-local serve [--port N] [--home DIR] [--region R] [--quiet]
               mlops-local register-image [--home DIR] [--region R] REPOSITORY TAG FOLDER -- ENTRYPOINT...

        Serves local mode (MLOPS_HOME) over the AWS wire on 127.0.0.1: SageMaker, SageMaker Runtime,
        Application Auto Scaling, Resource Groups Tagging (GetResources) and S3 (path-style).
          --port N     loopback port (default 0: a free one)
          --home DIR   local-mode home (default MLOPS_HOME, else $XDG_DATA_HOME/mlops, else ~/.local/share/mlops)
          --region R   region in ARNs (default AWS_REGION, else us-east-1)
          --quiet      no line per request
        Prints the AWS_ENDPOINT_URL_* variables to export; any SigV4 credentials are accepted.

        register-image registers a published folder as a local image (what the build stage does) and prints its
        ECR-shaped URI, to use as TrainingImage or a container's Image; the process runs as ENTRYPOINT train|serve.
        """;

    /// <summary>Runs the command.</summary>
    /// <param name="args">The command line.</param>
    /// <returns>The exit code: 0, or 2 for bad arguments.</returns>
    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            await Console.Out.WriteLineAsync(Usage).ConfigureAwait(false);
            return args.Length == 0 ? 2 : 0;
        }

        if (args[0] == "register-image")
        {
            return await RegisterImageAsync(args[1..]).ConfigureAwait(false);
        }

        if (args[0] != "serve")
        {
            await Console.Error.WriteLineAsync($"unknown command '{args[0]}'" + Environment.NewLine + Usage).ConfigureAwait(false);
            return 2;
        }

        if (!TryParse(args[1..], out var options, out var quiet, out var problem))
        {
            await Console.Error.WriteLineAsync(problem + Environment.NewLine + Usage).ConfigureAwait(false);
            return 2;
        }

        options.Local.Region ??= Environment.GetEnvironmentVariable("AWS_REGION") ?? Environment.GetEnvironmentVariable("AWS_DEFAULT_REGION");
        await using var server = await LocalWireServer.StartAsync(options, logging =>
        {
            logging.AddSimpleConsole(console => console.SingleLine = true);
            logging.AddFilter("Microsoft", LogLevel.Warning);
            logging.AddFilter("MlOps", quiet ? LogLevel.Warning : LogLevel.Information);
            logging.Services.Configure<ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        }).ConfigureAwait(false);

        await Console.Out.WriteLineAsync($"# MlOps.Sdk local mode over the AWS wire at {server.BaseAddress} (home {options.Local.ResolveHome()})").ConfigureAwait(false);
        foreach (var variable in server.EndpointVariables)
        {
            await Console.Out.WriteLineAsync($"export {variable.Key}={variable.Value}").ConfigureAwait(false);
        }

        // AWS_REGION for the SDKs, AWS_DEFAULT_REGION for AWS CLI v1, which reads only that one.
        await Console.Out.WriteLineAsync($"export AWS_REGION={options.Local.ResolveRegion()} AWS_DEFAULT_REGION={options.Local.ResolveRegion()}").ConfigureAwait(false);
        await Console.Out.WriteLineAsync("# Any SigV4 credentials are accepted; a request without a signature is refused, as AWS does.").ConfigureAwait(false);
        await Console.Out.FlushAsync().ConfigureAwait(false);
        await server.WaitForShutdownAsync().ConfigureAwait(false);
        return 0;
    }

    // AWS tools cannot register a local image (ECR is not served): this is the one step outside the wire.
    private static async Task<int> RegisterImageAsync(string[] args)
    {
        var separator = Array.IndexOf(args, "--");
        var local = new LocalOptions();
        var positional = new List<string>();
        for (var i = 0; i < (separator < 0 ? args.Length : separator); i++)
        {
            if (args[i] is "--home" or "--region" && i + 1 < args.Length)
            {
                if (args[i] == "--home")
                {
                    local.Home = Path.GetFullPath(args[++i]);
                }
                else
                {
                    local.Region = args[++i];
                }
            }
            else
            {
                positional.Add(args[i]);
            }
        }

        if (positional.Count != 3 || separator < 0 || separator == args.Length - 1)
        {
            await Console.Error.WriteLineAsync("register-image needs REPOSITORY TAG FOLDER -- ENTRYPOINT..." + Environment.NewLine + Usage).ConfigureAwait(false);
            return 2;
        }

        local.Region ??= Environment.GetEnvironmentVariable("AWS_REGION") ?? Environment.GetEnvironmentVariable("AWS_DEFAULT_REGION");
        try
        {
            await using var ports = LocalWireServer.CreatePorts(local);
            var image = await ports.GetRequiredService<LocalImageRegistry>().RegisterAsync(positional[0], positional[1], Path.GetFullPath(positional[2]), args[(separator + 1)..]).ConfigureAwait(false);
            await Console.Out.WriteLineAsync(image.ImageUri).ConfigureAwait(false);
            return 0;
        }
        catch (MlOpsException ex)
        {
            await Console.Error.WriteLineAsync($"register-image: {ex.Message}").ConfigureAwait(false);
            return 2;
        }
    }

    private static bool TryParse(string[] args, out LocalWireServerOptions options, out bool quiet, out string? problem)
    {
        options = new LocalWireServerOptions { Local = new LocalOptions() };
        quiet = false;
        problem = null;
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (name == "--quiet")
            {
                quiet = true;
                continue;
            }

            if (i + 1 >= args.Length || name is not ("--port" or "--home" or "--region"))
            {
                problem = $"unknown or incomplete option '{name}'";
                return false;
            }

            var value = args[++i];
            switch (name)
            {
                case "--port" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535:
                    options.Port = port;
                    break;
                case "--port":
                    problem = $"--port must be a number from 0 to 65535 (got '{value}')";
                    return false;
                case "--home":
                    options.Local.Home = Path.GetFullPath(value);
                    break;
                default:
                    options.Local.Region = value;
                    break;
            }
        }

        return true;
    }
}
