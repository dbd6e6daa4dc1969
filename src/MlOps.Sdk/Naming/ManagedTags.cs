using MlOps.Sdk.SageMaker;

namespace MlOps.Sdk.Naming;

/// <summary>
/// Turns a caller's tags into the wire tags of a resource the SDK creates, always carrying
/// <c>ManagedBy=MlOps.Sdk</c> so that cleanup can find it, and never repeating a key.
/// </summary>
internal static class ManagedTags
{
    internal static IReadOnlyList<Tag> ToWire(IEnumerable<ResourceTag>? tags)
    {
        var list = new List<ResourceTag> { new(StandardTagKeys.ManagedBy, StandardTagKeys.ManagedByValue) };
        if (tags is not null)
        {
            list.AddRange(tags.Where(t => t.Key != StandardTagKeys.ManagedBy));
        }

        AwsTagRules.ValidateSet(list);
        return list.Select(t => new Tag { Key = t.Key, Value = t.Value }).ToList();
    }

    internal static bool IsManaged(IEnumerable<Tag> tags, string? project) =>
        tags.Any(t => t.Key == StandardTagKeys.ManagedBy && t.Value == StandardTagKeys.ManagedByValue)
        && (project is null || tags.Any(t => t.Key == StandardTagKeys.Project && t.Value == project));
}
