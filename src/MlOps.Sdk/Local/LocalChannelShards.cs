using MlOps.Sdk.SageMaker;
using MlOps.Sdk.Storage;

namespace MlOps.Sdk.Local;

/// <summary>
/// Which objects of a channel each host of a cluster receives. SageMaker documents only that with
/// <c>ShardedByS3Key</c> "each instance gets approximately 1/n of the number of S3 objects"; local mode deals the
/// objects out in key order, round robin (object i to host i mod n), so every shard is disjoint, the union is the whole
/// channel, and shard sizes differ by at most one object. A host gets no object when there are fewer objects than
/// hosts, as on SageMaker.
/// </summary>
internal static class LocalChannelShards
{
    internal static IReadOnlyList<ArtifactObject> For(IReadOnlyList<ArtifactObject> objects, S3DataDistribution distribution, int hostIndex, int hostCount)
    {
        if (distribution != S3DataDistribution.ShardedByS3Key || hostCount == 1)
        {
            return objects;
        }

        return [.. objects.OrderBy(o => o.Uri.Key, StringComparer.Ordinal).Where((_, i) => i % hostCount == hostIndex)];
    }
}
