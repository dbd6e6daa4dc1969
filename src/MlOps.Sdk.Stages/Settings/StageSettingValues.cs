using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace MlOps.Sdk.Stages.Settings;

/// <summary>
/// A stage's one layered configuration (<see cref="StageSettingLayer"/>: defaults, <c>manifest.json</c>, the state
/// file, environment variables, the command line) read by dotted path, such as <c>training.instanceType</c>, into
/// typed values. A value that breaks its rule is refused naming the field as the user set it (<c>--max-runtime</c>,
/// or <c>training.maxRuntimeInSeconds</c> when the manifest gave it) and where the value came from.
/// </summary>
/// <remarks>
/// An option that no manifest key backs lives under <see cref="OptionSection"/> (<c>options.job-name</c>). The paths
/// read are recorded, so a test can hold the settings classes against <see cref="ProjectManifestKeys.All"/>.
/// </remarks>
internal sealed class StageSettingValues
{
    /// <summary>The section of the options that no manifest key backs.</summary>
    internal const string OptionSection = "options";

    private readonly IConfigurationRoot _configuration;
    private readonly IReadOnlyList<StageSettingLayerProvider> _layersHighestFirst;
    private readonly IReadOnlyDictionary<string, StageOption> _optionsByPath;
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    /// <summary>Creates the reader of a configuration whose providers are the stage's layers, lowest first.</summary>
    /// <param name="layers">The layers, lowest precedence first.</param>
    /// <param name="optionsByPath">The stage's options by the path they set.</param>
    internal StageSettingValues(IReadOnlyList<StageSettingLayerProvider> layers, IReadOnlyDictionary<string, StageOption> optionsByPath)
    {
        var builder = new ConfigurationBuilder();
        foreach (var layer in layers)
        {
            builder.Add(layer);
        }

        _configuration = builder.Build();
        _layersHighestFirst = [.. layers.Reverse()];
        _optionsByPath = optionsByPath;
    }

    /// <summary>The layered configuration itself, keyed as .NET keys it (<c>training:instanceType</c>).</summary>
    internal IConfiguration Configuration => _configuration;

    /// <summary>Every path read so far.</summary>
    internal IReadOnlySet<string> ReadPaths => _read;

    /// <summary>The configuration key of a dotted path: <c>training.instanceType</c> → <c>training:instanceType</c>.</summary>
    /// <param name="path">A dotted path.</param>
    /// <returns>The key.</returns>
    internal static string KeyOf(string path) => path.Replace('.', ':');

    /// <summary>The path an option sets: its manifest key, else <c>options.&lt;name&gt;</c>.</summary>
    /// <param name="option">The option.</param>
    /// <returns>The dotted path.</returns>
    internal static string PathOf(StageOption option) => option.ManifestKey ?? $"{OptionSection}.{option.Name}";

    /// <summary>A value as text.</summary>
    /// <param name="path">A dotted path.</param>
    /// <returns>The value, or <see langword="null"/> when no layer sets it.</returns>
    internal string? Text(string path)
    {
        _read.Add(path);
        return _configuration[KeyOf(path)];
    }

    /// <summary>The value of the first path that any layer sets; every path counts as read.</summary>
    /// <param name="paths">Dotted paths, in order of preference (current names before older ones).</param>
    /// <returns>The value, or <see langword="null"/>.</returns>
    internal string? FirstText(params string[] paths)
    {
        string? found = null;
        foreach (var path in paths)
        {
            found ??= Text(path);
        }

        return found;
    }

    /// <summary>The path of <paramref name="paths"/> whose value <see cref="FirstText"/> takes, for messages.</summary>
    /// <param name="paths">Dotted paths, in order of preference.</param>
    /// <returns>The first path set, else the first path.</returns>
    internal string FirstPathSet(params string[] paths) =>
        paths.FirstOrDefault(p => _configuration[KeyOf(p)] is not null) ?? paths[0];

    /// <summary>A whole number within a range.</summary>
    /// <param name="path">A dotted path.</param>
    /// <param name="minimum">The smallest allowed value.</param>
    /// <param name="maximum">The largest allowed value.</param>
    /// <param name="rule">The rule for the message, when it says more than the range (units, what the range is).</param>
    /// <returns>The value, or <see langword="null"/> when unset.</returns>
    /// <exception cref="MlOpsValidationException">The value is not a whole number in range.</exception>
    internal int? Whole(string path, int minimum, int maximum, string? rule = null)
    {
        var text = Text(path);
        if (text is null)
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= minimum && value <= maximum
            ? value
            : throw Invalid(path, rule ?? $"must be a whole number from {minimum} to {maximum}");
    }

    /// <summary>A finite number within a range.</summary>
    /// <param name="path">A dotted path.</param>
    /// <param name="minimum">The smallest allowed value.</param>
    /// <param name="maximum">The largest allowed value.</param>
    /// <param name="rule">The rule for the message.</param>
    /// <returns>The value, or <see langword="null"/> when unset.</returns>
    /// <exception cref="MlOpsValidationException">The value is not a finite number in range.</exception>
    internal double? Number(string path, double minimum = double.MinValue, double maximum = double.MaxValue, string? rule = null)
    {
        var text = Text(path);
        if (text is null)
        {
            return null;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) && value >= minimum && value <= maximum
            ? value
            : throw Invalid(path, rule ?? "must be a number such as 0.75");
    }

    /// <summary>A switch: <c>true</c>/<c>false</c>, <c>1</c>/<c>0</c> or <c>yes</c>/<c>no</c>.</summary>
    /// <param name="path">A dotted path.</param>
    /// <returns>The value, or <see langword="null"/> when unset.</returns>
    /// <exception cref="MlOpsValidationException">The value is another word.</exception>
    internal bool? Flag(string path)
    {
        var text = Text(path);
        return text?.ToLowerInvariant() switch
        {
            null => null,
            "true" or "1" or "yes" => true,
            "false" or "0" or "no" => false,
            _ => throw Invalid(path, "must be true or false"),
        };
    }

    /// <summary>One of a set of words, compared exactly.</summary>
    /// <param name="path">A dotted path.</param>
    /// <param name="allowed">The words allowed.</param>
    /// <param name="why">Why only these, for the message; may be empty.</param>
    /// <returns>The value, or <see langword="null"/> when unset.</returns>
    /// <exception cref="MlOpsValidationException">The value is another word.</exception>
    internal string? OneOf(string path, IReadOnlyList<string> allowed, string why = "")
    {
        var text = Text(path);
        return text is null || allowed.Contains(text, StringComparer.Ordinal)
            ? text
            : throw Invalid(path, $"must be {string.Join(" or ", allowed)}{(why.Length == 0 ? string.Empty : ": " + why)}");
    }

    /// <summary>An object of the user's own names, such as hyperparameters, as text by name.</summary>
    /// <param name="path">A dotted path.</param>
    /// <returns>The entries; empty when absent.</returns>
    internal IReadOnlyDictionary<string, string> Map(string path)
    {
        _read.Add(path);
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var child in _configuration.GetSection(KeyOf(path)).GetChildren())
        {
            if (child.Value is { } value)
            {
                map[child.Key] = value;
            }
        }

        return map;
    }

    /// <summary>An array of text.</summary>
    /// <param name="path">A dotted path.</param>
    /// <returns>The items in order; empty when absent.</returns>
    internal IReadOnlyList<string> List(string path)
    {
        _read.Add(path);
        return [.. _configuration.GetSection(KeyOf(path)).GetChildren().Select(c => c.Value).OfType<string>()];
    }

    /// <summary>An array of objects as pairs of two of their properties, such as metric definitions (<c>name</c>, <c>regex</c>).</summary>
    /// <param name="path">A dotted path.</param>
    /// <param name="keyProperty">The property holding the key.</param>
    /// <param name="valueProperty">The property holding the value.</param>
    /// <returns>The pairs; empty when absent.</returns>
    /// <exception cref="MlOpsValidationException">An item lacks one of the two properties.</exception>
    internal IReadOnlyDictionary<string, string> Pairs(string path, string keyProperty, string valueProperty)
    {
        _read.Add(path);
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in _configuration.GetSection(KeyOf(path)).GetChildren())
        {
            if (item[keyProperty] is not { } key || item[valueProperty] is not { } value)
            {
                throw new MlOpsValidationException($"{path}[{item.Key}]", $"must have both {keyProperty} and {valueProperty} (from {OriginOf(path)})");
            }

            pairs[key] = value;
        }

        return pairs;
    }

    /// <summary>
    /// The field at fault as the user set it: <c>--name</c> when an option's layer (command line, a variable, the
    /// state file, a default) gave the value, else the manifest's dotted path.
    /// </summary>
    /// <param name="path">A dotted path.</param>
    /// <returns>The field's name.</returns>
    internal string FieldOf(string path)
    {
        var option = _optionsByPath.GetValueOrDefault(path);
        if (option is null)
        {
            return path;
        }

        return LayerOf(path)?.Layer == StageSettingLayer.Manifest ? path : "--" + option.Name;
    }

    /// <summary>Where a path's value came from: <c>--name</c>, <c>$VARIABLE</c>, <c>state file</c>, <c>manifest.json</c> or <c>default</c>.</summary>
    /// <param name="path">A dotted path.</param>
    /// <returns>The origin, or <c>unset</c>.</returns>
    internal string OriginOf(string path) => LayerOf(path)?.OriginOf(KeyOf(path)) ?? "unset";

    /// <summary>A refusal of a path's value: the field as the user set it, the rule, the value and where it came from.</summary>
    /// <param name="path">A dotted path.</param>
    /// <param name="rule">The rule the value breaks.</param>
    /// <returns>The exception to throw.</returns>
    internal MlOpsValidationException Invalid(string path, string rule) =>
        new(FieldOf(path), $"{rule} (got '{_configuration[KeyOf(path)]}' from {OriginOf(path)})");

    private StageSettingLayerProvider? LayerOf(string path)
    {
        var key = KeyOf(path);
        return _layersHighestFirst.FirstOrDefault(layer => layer.TryGet(key, out _));
    }
}
