using MlOps.Sdk.Packaging;
using MlOps.Sdk.SageMaker;
using MlOps.Sdk.Storage;

namespace MlOps.Sdk.Local;

/// <summary>
/// The Downloading step of a local training job: each channel's S3 objects, from the local buckets, into the channel
/// folder of each host, as SageMaker's File input mode lays them out under <c>/opt/ml/input/data</c>.
/// </summary>
internal sealed class LocalTrainingChannels(LocalArtifactStore artifacts)
{
    /// <summary>Copies a channel's objects into every host's channel folder: all of them, or the host's shard with <c>ShardedByS3Key</c>.</summary>
    internal async Task StageAsync(Channel channel, IReadOnlyList<LocalTrainingHost> hosts, CancellationToken cancellationToken)
    {
        var source = channel.DataSource.S3DataSource
            ?? throw new MlOpsException($"Channel '{channel.ChannelName}' has no S3DataSource; local mode stages channels from local buckets only.", "ClientError");
        if (source.S3DataType != S3DataType.S3Prefix)
        {
            throw new MlOpsException($"Channel '{channel.ChannelName}' uses S3DataType {source.S3DataType}; local mode supports S3Prefix.", "ClientError");
        }

        var prefix = S3Uri.Parse(source.S3Uri, $"InputDataConfig[{channel.ChannelName}].DataSource.S3DataSource.S3Uri");
        List<ArtifactObject> objects = [];
        string keyRoot;
        if (await artifacts.ExistsAsync(prefix, cancellationToken).ConfigureAwait(false))
        {
            objects.Add(new ArtifactObject(prefix, 0, DateTimeOffset.MinValue));
            keyRoot = prefix.Key[..(prefix.Key.LastIndexOf('/') + 1)];
        }
        else
        {
            keyRoot = prefix.AsPrefix().Key;
            await foreach (var item in artifacts.ListAsync(prefix.AsPrefix(), cancellationToken).ConfigureAwait(false))
            {
                objects.Add(item);
            }
        }

        if (objects.Count == 0)
        {
            throw new MlOpsException($"No objects found under {prefix} for channel '{channel.ChannelName}'.", "ClientError");
        }

        var distribution = source.S3DataDistributionType ?? S3DataDistribution.FullyReplicated;
        for (var i = 0; i < hosts.Count; i++)
        {
            var channelDirectory = LocalTrainingContainer.ChannelDirectory(hosts[i], channel.ChannelName);
            Directory.CreateDirectory(channelDirectory);
            foreach (var item in LocalChannelShards.For(objects, distribution, i, hosts.Count))
            {
                var target = Path.GetFullPath(Path.Combine(channelDirectory, item.Uri.Key[keyRoot.Length..]));
                if (!DirectoryFiles.IsInside(channelDirectory, target))
                {
                    throw new MlOpsException($"Channel '{channel.ChannelName}': key '{item.Uri.Key}' would be written outside the channel folder.", "ClientError");
                }

                await artifacts.DownloadFileAsync(item.Uri, target, null, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
