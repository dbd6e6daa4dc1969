using System.Runtime.CompilerServices;
using MlOps.Sdk.Tagging;

namespace MlOps.Sdk.Tests.Fakes;

/// <summary>
/// The tagging API over a <see cref="FakeSageMakerClient"/>'s tags, with GetResources' filter semantics; resources in
/// <see cref="NotYetIndexed"/> are missing from its answers, as AWS's eventually consistent index can leave them.
/// </summary>
public sealed class FakeResourceTaggingClient(FakeSageMakerClient sageMaker) : RecordingResourceTaggingClient
{
    /// <summary>ARNs the tag search does not return yet.</summary>
    public HashSet<string> NotYetIndexed { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Resource type filters (<c>sagemaker:endpoint-config</c>...) whose search fails with HTTP 500, as moto's does for endpoint configs.</summary>
    public HashSet<string> FailingResourceTypes { get; } = new(StringComparer.Ordinal);

    protected override async IAsyncEnumerable<ResourceTagMapping> OnGetResourcesAsync(GetResourcesRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (request.ResourceTypeFilters?.FirstOrDefault(FailingResourceTypes.Contains) is { } failing)
        {
            throw new MlOpsException($"GetResources failed with InternalServiceException (HTTP 500) for {failing}.", "InternalServiceException", System.Net.HttpStatusCode.InternalServerError);
        }

        foreach (var (arn, tags) in sageMaker.TaggedResources())
        {
            var type = arn.Split(':', 6)[5].Split('/')[0];
            var typeMatches = request.ResourceTypeFilters is not { Count: > 0 } types || types.Contains("sagemaker") || types.Contains("sagemaker:" + type);
            var tagsMatch = (request.TagFilters ?? []).All(f => tags.Any(t => t.Key == f.Key && (f.Values is not { Count: > 0 } values || values.Contains(t.Value))));
            if (typeMatches && tagsMatch && !NotYetIndexed.Contains(arn))
            {
                await Task.Yield();
                yield return new ResourceTagMapping { ResourceARN = arn, Tags = tags.Select(t => new ResourceTagMappingTag { Key = t.Key, Value = t.Value }).ToList() };
            }
        }
    }
}
