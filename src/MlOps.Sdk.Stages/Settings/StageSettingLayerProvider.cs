using Microsoft.Extensions.Configuration;

namespace MlOps.Sdk.Stages.Settings;

/// <summary>
/// One layer of a stage's configuration: its values by configuration key, and where each came from (such as
/// <c>$MLOPS_BUCKET</c>), so that an error names what the user has to change.
/// </summary>
internal sealed class StageSettingLayerProvider : ConfigurationProvider, IConfigurationSource
{
    private readonly Dictionary<string, string> _origins = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates an empty layer.</summary>
    /// <param name="layer">Which layer it is.</param>
    public StageSettingLayerProvider(StageSettingLayer layer) => Layer = layer;

    /// <summary>Which layer this is.</summary>
    public StageSettingLayer Layer { get; }

    /// <summary>Sets a key, unless the value is blank: an empty value counts as unset in every layer.</summary>
    /// <param name="key">The configuration key, such as <c>training:instanceType</c>.</param>
    /// <param name="value">The value; trimmed.</param>
    /// <param name="origin">Where it came from, for messages.</param>
    public void Set(string key, string? value, string origin)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return;
        }

        Data[key] = value.Trim();
        _origins[key] = origin;
    }

    /// <summary>Where a key's value came from, if this layer holds it.</summary>
    /// <param name="key">The configuration key.</param>
    /// <returns>The origin, or <see langword="null"/>.</returns>
    public string? OriginOf(string key) => _origins.GetValueOrDefault(key);

    /// <inheritdoc/>
    public IConfigurationProvider Build(IConfigurationBuilder builder) => this;
}
