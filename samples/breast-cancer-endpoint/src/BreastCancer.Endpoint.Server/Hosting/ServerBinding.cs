using System.Globalization;
using System.Net;

namespace BreastCancer.Endpoint.Server.Hosting;

/// <summary>
/// Where the server listens: the port from <c>SAGEMAKER_BIND_TO_PORT</c> (default 8080), on the address
/// <c>MLOPS_BIND_ADDRESS</c> names when set; otherwise on every interface inside a container
/// (<c>DOTNET_RUNNING_IN_CONTAINER=true</c>, which the .NET container images set), where SageMaker's agent must reach it,
/// and on 127.0.0.1 elsewhere. MlOps local mode always sets <c>MLOPS_BIND_ADDRESS</c> (127.0.0.1 unless the endpoint's
/// environment chooses), because its servers inherit <c>DOTNET_RUNNING_IN_CONTAINER</c> on a containerised CI runner.
/// </summary>
/// <param name="Address">The address to bind.</param>
/// <param name="Port">The port to bind.</param>
public sealed record ServerBinding(IPAddress Address, int Port)
{
    /// <summary>The port SageMaker uses when it does not set one.</summary>
    public const int DefaultPort = 8080;

    /// <summary>Reads the binding from configuration (environment variables).</summary>
    /// <param name="configuration">The application's configuration.</param>
    /// <returns>The binding.</returns>
    /// <exception cref="InvalidOperationException">The port variable is not a port number, or the address variable not an IP address.</exception>
    public static ServerBinding From(IConfiguration configuration)
    {
        var portText = configuration["SAGEMAKER_BIND_TO_PORT"];
        var port = DefaultPort;
        if (!string.IsNullOrWhiteSpace(portText)
            && (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
        {
            throw new InvalidOperationException($"SAGEMAKER_BIND_TO_PORT must be a port number from 1 to 65535; got '{portText}'.");
        }

        var addressText = configuration["MLOPS_BIND_ADDRESS"];
        if (!string.IsNullOrWhiteSpace(addressText))
        {
            return IPAddress.TryParse(addressText, out var address)
                ? new ServerBinding(address, port)
                : throw new InvalidOperationException($"MLOPS_BIND_ADDRESS must be an IP address such as 127.0.0.1 or 0.0.0.0; got '{addressText}'.");
        }

        var inContainer = string.Equals(configuration["DOTNET_RUNNING_IN_CONTAINER"], "true", StringComparison.OrdinalIgnoreCase);
        return new ServerBinding(inContainer ? IPAddress.Any : IPAddress.Loopback, port);
    }
}
