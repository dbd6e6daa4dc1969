using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using MlOps.Sdk.Tagging;

namespace MlOps.Sdk.Local;

/// <summary>
/// The Resource Groups Tagging API on one machine, over the tags of the local state: <c>GetResources</c> with AWS's filter
/// semantics (every tag filter must match; a filter's values are alternatives; a filter without values matches any value;
/// a resource type filter is <c>service</c> or <c>service:type</c> as in the ARN; no tag filter lists every tagged resource).
/// </summary>
public sealed class LocalResourceTaggingClient : ResourceTaggingClientBase
{
    private readonly LocalStateStore _state;

    /// <summary>Creates the client over the home folder the options name.</summary>
    /// <param name="options">Local-mode settings.</param>
    public LocalResourceTaggingClient(IOptions<LocalOptions> options)
        : this(new LocalStateStore(options ?? throw new ArgumentNullException(nameof(options))))
    {
    }

    internal LocalResourceTaggingClient(LocalStateStore state) => _state = state;

    internal LocalStateStore State => _state;

    /// <inheritdoc />
    protected override async IAsyncEnumerable<ResourceTagMapping> GetResourcesCoreAsync(GetResourcesRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var tagged = await _state.ReadAsync(t => t.ListAllTags(), cancellationToken).ConfigureAwait(false);
        foreach (var (arn, tags) in tagged)
        {
            if (MatchesType(arn, request.ResourceTypeFilters) && MatchesTags(tags, request.TagFilters))
            {
                yield return new ResourceTagMapping
                {
                    ResourceARN = arn,
                    Tags = tags.Select(t => new ResourceTagMappingTag { Key = t.Key, Value = t.Value }).ToList(),
                };
            }
        }
    }

    // arn:partition:service:region:account:type/name... (or type:name): the filter names the service, or service:type.
    private static bool MatchesType(string arn, IReadOnlyList<string>? filters)
    {
        if (filters is not { Count: > 0 })
        {
            return true;
        }

        var parts = arn.Split(':', 6);
        if (parts.Length < 6)
        {
            return false;
        }

        var service = parts[2];
        var type = parts[5].Split('/', ':')[0];
        return filters.Any(f => f.Equals(service, StringComparison.Ordinal) || f.Equals($"{service}:{type}", StringComparison.Ordinal));
    }

    private static bool MatchesTags(List<KeyValuePair<string, string>> tags, IReadOnlyList<TagFilter>? filters) =>
        filters is null || filters.All(filter => tags.Any(tag =>
            tag.Key == filter.Key && (filter.Values is not { Count: > 0 } values || values.Contains(tag.Value))));
}
