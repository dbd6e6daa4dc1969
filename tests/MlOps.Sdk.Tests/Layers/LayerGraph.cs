using System.Text.RegularExpressions;

namespace MlOps.Sdk.Tests.Layers;

/// <summary>Which layer of src/MlOps.Sdk (a folder, namespace MlOps.Sdk.&lt;folder&gt;) names which other, read from the sources.</summary>
public sealed partial class LayerGraph(IReadOnlyDictionary<string, IReadOnlySet<string>> uses)
{
    public IReadOnlyDictionary<string, IReadOnlySet<string>> Uses { get; } = uses;

    public static LayerGraph Read(string sdkSource)
    {
        var layers = Directory.GetDirectories(sdkSource)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(n => n is not ("bin" or "obj"))
            .ToHashSet(StringComparer.Ordinal);
        var uses = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        foreach (var layer in layers)
        {
            uses[layer] = Directory.EnumerateFiles(Path.Combine(sdkSource, layer), "*.cs", SearchOption.AllDirectories)
                .SelectMany(file => NamespaceReference().Matches(File.ReadAllText(file)).Select(m => m.Groups[1].Value))
                .Where(used => used != layer && layers.Contains(used))
                .ToHashSet(StringComparer.Ordinal);
        }

        return new LayerGraph(uses);
    }

    /// <summary>A cycle as the layers along it (first repeated last), or null when the layers form a DAG.</summary>
    public IReadOnlyList<string>? FindCycle()
    {
        var done = new HashSet<string>(StringComparer.Ordinal);
        var path = new List<string>();
        IReadOnlyList<string>? Visit(string layer)
        {
            if (path.IndexOf(layer) is var at and >= 0)
            {
                return [.. path.Skip(at), layer];
            }

            if (!done.Add(layer))
            {
                return null;
            }

            path.Add(layer);
            foreach (var used in Uses.GetValueOrDefault(layer) ?? new HashSet<string>())
            {
                if (Visit(used) is { } cycle)
                {
                    return cycle;
                }
            }

            path.RemoveAt(path.Count - 1);
            return null;
        }

        return Uses.Keys.Order(StringComparer.Ordinal).Select(Visit).FirstOrDefault(c => c is not null);
    }

    [GeneratedRegex(@"\bMlOps\.Sdk\.([A-Z][A-Za-z]*)\b")]
    private static partial Regex NamespaceReference();
}
