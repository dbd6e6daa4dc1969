using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using MlOps.Sdk.SageMaker;

namespace MlOps.Sdk.Local;

/// <summary>
/// SageMaker's training container contract for one host: the <c>/opt/ml</c> tree, its config files
/// (<c>hyperparameters.json</c>, <c>inputdataconfig.json</c>, <c>resourceconfig.json</c>) and the <c>SM_*</c>
/// environment that SageMaker's training toolkit gives a trainer, plus the loopback address of every host.
/// </summary>
internal static class LocalTrainingContainer
{
    /// <summary>Every host's address, as JSON: <c>{"algo-1": "127.0.0.1:41234", …}</c>; on SageMaker a host reaches <c>algo-N</c> by name.</summary>
    internal const string HostAddressesVariable = "MLOPS_HOST_ADDRESSES";

    /// <summary>The loopback port reserved for this host's trainer to listen on.</summary>
    internal const string CurrentHostPortVariable = "MLOPS_CURRENT_HOST_PORT";

    private const string GroupName = "homogeneousCluster";
    private const string NetworkInterface = "lo";

    internal static IEnumerable<string> Folders(LocalTrainingHost host)
    {
        var baseDir = host.BaseDirectory;
        yield return Path.Combine(baseDir, "input", "config");
        yield return Path.Combine(baseDir, "input", "data");
        yield return host.ModelDirectory;
        yield return Path.Combine(host.OutputDirectory, "data");
        yield return Path.Combine(baseDir, "code");
        yield return Path.Combine(baseDir, "checkpoints");
    }

    internal static string ChannelDirectory(LocalTrainingHost host, string channelName) =>
        Path.Combine(host.BaseDirectory, "input", "data", channelName);

    /// <summary>Writes the host's config files and returns the environment its trainer runs with.</summary>
    internal static async Task<Dictionary<string, string>> PrepareAsync(
        CreateTrainingJobRequest request,
        IReadOnlyList<LocalTrainingHost> hosts,
        LocalTrainingHost host,
        IReadOnlyDictionary<string, string> jobVariables,
        CancellationToken cancellationToken)
    {
        var baseDir = host.BaseDirectory;
        var configDir = Path.Combine(baseDir, "input", "config");
        var channels = request.InputDataConfig ?? [];
        var hyperParameters = request.HyperParameters ?? new Dictionary<string, string>();
        var instanceType = request.ResourceConfig?.InstanceType ?? "local";
        var hostNames = hosts.Select(h => h.Name).ToArray();
        var inputConfig = channels.ToDictionary(
            c => c.ChannelName,
            c => new Dictionary<string, string>
            {
                ["ContentType"] = c.ContentType ?? string.Empty,
                ["TrainingInputMode"] = (c.InputMode ?? request.AlgorithmSpecification?.TrainingInputMode ?? TrainingInputMode.File).ToString(),
                ["S3DistributionType"] = (c.DataSource.S3DataSource?.S3DataDistributionType ?? S3DataDistribution.FullyReplicated).ToString(),
                ["RecordWrapperType"] = "None",
            },
            StringComparer.Ordinal);
        var resourceConfig = new Dictionary<string, object>
        {
            ["current_host"] = host.Name,
            ["current_instance_type"] = instanceType,
            ["current_group_name"] = GroupName,
            ["hosts"] = hostNames,
            ["instance_groups"] = new[]
            {
                new Dictionary<string, object> { ["instance_group_name"] = GroupName, ["instance_type"] = instanceType, ["hosts"] = hostNames },
            },
            ["network_interface_name"] = NetworkInterface,
        };
        var inputConfigJson = JsonSerializer.Serialize(inputConfig);
        var resourceConfigJson = JsonSerializer.Serialize(resourceConfig);
        await File.WriteAllTextAsync(Path.Combine(configDir, "hyperparameters.json"), JsonSerializer.Serialize(hyperParameters), cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(configDir, "inputdataconfig.json"), inputConfigJson, cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(configDir, "resourceconfig.json"), resourceConfigJson, cancellationToken).ConfigureAwait(false);

        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in request.Environment ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        foreach (var channel in channels)
        {
            environment["SM_CHANNEL_" + EnvironmentName(channel.ChannelName)] = ChannelDirectory(host, channel.ChannelName);
        }

        environment["SAGEMAKER_BASE_DIR"] = baseDir;
        environment["SM_MODEL_DIR"] = host.ModelDirectory;
        environment["SM_INPUT_DIR"] = Path.Combine(baseDir, "input");
        environment["SM_INPUT_CONFIG_DIR"] = configDir;
        environment["SM_OUTPUT_DIR"] = host.OutputDirectory;
        environment["SM_OUTPUT_DATA_DIR"] = Path.Combine(host.OutputDirectory, "data");
        environment["SM_CHANNELS"] = JsonSerializer.Serialize(channels.Select(c => c.ChannelName).Order(StringComparer.Ordinal));
        environment["SM_HPS"] = JsonSerializer.Serialize(hyperParameters);
        foreach (var (key, value) in hyperParameters)
        {
            environment["SM_HP_" + EnvironmentName(key)] = value;
        }

        environment["SM_CURRENT_HOST"] = host.Name;
        environment["SM_HOSTS"] = JsonSerializer.Serialize(hostNames);
        environment["SM_CURRENT_INSTANCE_TYPE"] = instanceType;
        environment["SM_CURRENT_INSTANCE_GROUP"] = GroupName;
        environment["SM_CURRENT_INSTANCE_GROUP_HOSTS"] = JsonSerializer.Serialize(hostNames);
        environment["SM_NETWORK_INTERFACE_NAME"] = NetworkInterface;
        environment["SM_RESOURCE_CONFIG"] = resourceConfigJson;
        environment["SM_INPUT_DATA_CONFIG"] = inputConfigJson;

        // The hosts share this machine's cores: a trainer that sizes its thread pool by SM_NUM_CPUS must not oversubscribe them.
        environment["SM_NUM_CPUS"] = Math.Max(1, Environment.ProcessorCount / hosts.Count).ToString(CultureInfo.InvariantCulture);
        environment["SM_NUM_GPUS"] = "0";
        environment["SM_NUM_NEURONS"] = "0";
        environment[HostAddressesVariable] = JsonSerializer.Serialize(hosts.ToDictionary(h => h.Name, h => "127.0.0.1:" + h.Port.ToString(CultureInfo.InvariantCulture)));
        environment[CurrentHostPortVariable] = host.Port.ToString(CultureInfo.InvariantCulture);
        foreach (var (key, value) in jobVariables)
        {
            environment[key] = value;
        }

        return environment;
    }

    private static string EnvironmentName(string name) => Regex.Replace(name.ToUpperInvariant(), "[^A-Z0-9_]", "_");
}
