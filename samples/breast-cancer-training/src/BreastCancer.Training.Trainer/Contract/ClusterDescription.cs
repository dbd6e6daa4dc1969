using System.Net;
using System.Text.Json;

namespace BreastCancer.Training.Trainer.Contract;

/// <summary>
/// The hosts of a training job and how to reach them: SageMaker names them <c>algo-1</c> … <c>algo-N</c> in
/// <c>SM_HOSTS</c>/<c>SM_CURRENT_HOST</c> (or <c>input/config/resourceconfig.json</c>); local mode runs every host on
/// 127.0.0.1 and adds <c>MLOPS_HOST_ADDRESSES</c> and <c>MLOPS_CURRENT_HOST_PORT</c>.
/// </summary>
/// <param name="Hosts">Every host of the job, in SageMaker's order; the first is the leader.</param>
/// <param name="CurrentHost">The host this process runs on.</param>
/// <param name="Addresses">Host name to <c>address:port</c> when local mode gives them, else empty.</param>
public sealed record ClusterDescription(IReadOnlyList<string> Hosts, string CurrentHost, IReadOnlyDictionary<string, string> Addresses)
{
    /// <summary>
    /// The port the leader listens on for the other hosts' models on SageMaker, where every host has its own network
    /// name; local mode gives each host its own port instead.
    /// </summary>
    public const int SageMakerPort = 7777;

    /// <summary>The leader: the first host, which combines the models and writes the job's model.</summary>
    public string Leader => Hosts[0];

    /// <summary>Whether this process is the leader.</summary>
    public bool IsLeader => string.Equals(CurrentHost, Leader, StringComparison.Ordinal);

    /// <summary>Reads the cluster from the environment, then from <c>resourceconfig.json</c>; one host without either.</summary>
    /// <param name="environment">The process environment (or a test's).</param>
    /// <param name="paths">The contract's paths, for <c>resourceconfig.json</c>.</param>
    /// <returns>The cluster.</returns>
    /// <exception cref="TrainerInputException">A variable or the file is not the shape SageMaker writes.</exception>
    public static ClusterDescription FromEnvironment(IReadOnlyDictionary<string, string> environment, TrainingPaths paths)
    {
        var addresses = Value(environment, "MLOPS_HOST_ADDRESSES") is { } addressJson
            ? Parse<Dictionary<string, string>>(addressJson, "MLOPS_HOST_ADDRESSES", "a JSON object of host name to address:port")
            : [];
        if (Value(environment, "SM_HOSTS") is { } hostsJson && Value(environment, "SM_CURRENT_HOST") is { } current)
        {
            return Checked(Parse<List<string>>(hostsJson, "SM_HOSTS", "a JSON array of host names"), current, addresses, "SM_HOSTS");
        }

        var resourceConfig = Path.Combine(Path.GetDirectoryName(paths.HyperparametersFile)!, "resourceconfig.json");
        if (File.Exists(resourceConfig))
        {
            var config = Parse<ResourceConfigFile>(File.ReadAllText(resourceConfig), resourceConfig, "an object with current_host and hosts");
            return Checked(config.hosts ?? [], config.current_host ?? string.Empty, addresses, resourceConfig);
        }

        return new ClusterDescription(["algo-1"], "algo-1", addresses);
    }

    /// <summary>Where another host listens: its local-mode address, else its name and <see cref="SageMakerPort"/>.</summary>
    /// <param name="host">The host.</param>
    /// <returns>Host name or IP address, and port.</returns>
    public (string Host, int Port) AddressOf(string host) =>
        Addresses.TryGetValue(host, out var address) ? Split(address, host) : (host, SageMakerPort);

    /// <summary>
    /// Where this host listens: 127.0.0.1 and its port in local mode (nothing off this machine can reach it), every
    /// interface on SageMaker, where the other hosts are other machines.
    /// </summary>
    /// <returns>The address and port to bind.</returns>
    public IPEndPoint ListenEndPoint()
    {
        if (!Addresses.TryGetValue(CurrentHost, out var address))
        {
            return new IPEndPoint(IPAddress.Any, SageMakerPort);
        }

        var (host, port) = Split(address, CurrentHost);
        return new IPEndPoint(IPAddress.Parse(host), port);
    }

    private static ClusterDescription Checked(List<string> hosts, string current, IReadOnlyDictionary<string, string> addresses, string source)
    {
        if (hosts.Count == 0 || hosts.Any(string.IsNullOrWhiteSpace))
        {
            throw new TrainerInputException($"{source} must list at least one host, none empty.");
        }

        if (!hosts.Contains(current, StringComparer.Ordinal))
        {
            throw new TrainerInputException($"The current host '{current}' is not among the hosts of {source} ({string.Join(", ", hosts)}).");
        }

        var missing = addresses.Count == 0 ? [] : hosts.Where(host => !addresses.ContainsKey(host)).ToList();
        return missing.Count == 0
            ? new ClusterDescription(hosts, current, addresses)
            : throw new TrainerInputException($"MLOPS_HOST_ADDRESSES has no address for {string.Join(", ", missing)}.");
    }

    private static (string Host, int Port) Split(string address, string host)
    {
        var colon = address.LastIndexOf(':');
        return colon > 0 && int.TryParse(address[(colon + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536
            ? (address[..colon], port)
            : throw new TrainerInputException($"MLOPS_HOST_ADDRESSES gives '{address}' for {host}: it must be address:port.");
    }

    private static T Parse<T>(string json, string source, string shape)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json) ?? throw new TrainerInputException($"{source} must be {shape}; got null.");
        }
        catch (JsonException exception)
        {
            throw new TrainerInputException($"{source} must be {shape}: {exception.Message}");
        }
    }

    private static string? Value(IReadOnlyDictionary<string, string> environment, string name) =>
        environment.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;

    // The file's own snake_case names, as SageMaker writes them.
#pragma warning disable IDE1006
    private sealed record ResourceConfigFile(string? current_host, List<string>? hosts);
#pragma warning restore IDE1006
}
