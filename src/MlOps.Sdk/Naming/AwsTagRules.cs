using System.Text.RegularExpressions;

namespace MlOps.Sdk.Naming;

/// <summary>
/// AWS tag rules as SageMaker applies them: keys 1-128 characters, values 0-256, characters from
/// <c>^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$</c>, no key starting with <c>aws:</c>, at most 50 tags, no duplicate keys.
/// </summary>
public static partial class AwsTagRules
{
    /// <summary>Longest key, in characters.</summary>
    public const int MaxKeyLength = 128;

    /// <summary>Longest value, in characters.</summary>
    public const int MaxValueLength = 256;

    /// <summary>Most tags on one resource.</summary>
    public const int MaxTagsPerResource = 50;

    /// <summary>The characters AWS allows in keys and values.</summary>
    public const string Pattern = @"^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$";

    /// <summary>Fails unless <paramref name="key"/> is a valid tag key.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The key, when valid.</returns>
    /// <exception cref="MlOpsValidationException">The key breaks a rule.</exception>
    public static string ValidateKey(string? key)
    {
        if (string.IsNullOrEmpty(key) || key.Length > MaxKeyLength)
        {
            throw new MlOpsValidationException("Tag.Key", $"must be 1-{MaxKeyLength} characters (got {key?.Length ?? 0})", key);
        }

        if (key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
        {
            throw new MlOpsValidationException("Tag.Key", "must not start with 'aws:', which AWS reserves", key);
        }

        if (!AllowedCharacters().IsMatch(key))
        {
            throw new MlOpsValidationException("Tag.Key", $"may hold only letters, digits, spaces and _ . : / = + - @ (pattern {Pattern})", key);
        }

        return key;
    }

    /// <summary>Fails unless <paramref name="value"/> is a valid tag value.</summary>
    /// <param name="key">The key the value belongs to, named in the error.</param>
    /// <param name="value">The value.</param>
    /// <returns>The value, when valid.</returns>
    /// <exception cref="MlOpsValidationException">The value breaks a rule.</exception>
    public static string ValidateValue(string key, string? value)
    {
        if (value is null || value.Length > MaxValueLength)
        {
            throw new MlOpsValidationException($"Tag[{key}].Value", $"must be 0-{MaxValueLength} characters (got {value?.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "null"})", key);
        }

        if (!AllowedCharacters().IsMatch(value))
        {
            throw new MlOpsValidationException($"Tag[{key}].Value", $"may hold only letters, digits, spaces and _ . : / = + - @ (pattern {Pattern})", key);
        }

        return value;
    }

    /// <summary>Fails unless the set has at most <see cref="MaxTagsPerResource"/> tags and no key twice.</summary>
    /// <param name="tags">The tags of one resource.</param>
    /// <exception cref="MlOpsValidationException">The set breaks a rule.</exception>
    public static void ValidateSet(IEnumerable<ResourceTag> tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            if (!keys.Add(tag.Key))
            {
                throw new MlOpsValidationException("Tags", $"must not repeat a key (got '{tag.Key}' twice)", tag.Key);
            }
        }

        if (keys.Count > MaxTagsPerResource)
        {
            throw new MlOpsValidationException("Tags", $"must hold at most {MaxTagsPerResource} tags (got {keys.Count})");
        }
    }

    [GeneratedRegex(Pattern, RegexOptions.CultureInvariant)]
    private static partial Regex AllowedCharacters();
}
