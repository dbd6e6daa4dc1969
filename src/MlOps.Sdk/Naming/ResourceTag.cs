namespace MlOps.Sdk.Naming;

/// <summary>One AWS resource tag, valid by construction (see <see cref="AwsTagRules"/>).</summary>
public sealed record ResourceTag
{
    /// <summary>Creates a tag, validating key and value.</summary>
    /// <param name="key">1-128 allowed characters, not starting with <c>aws:</c>.</param>
    /// <param name="value">0-256 allowed characters.</param>
    /// <exception cref="MlOpsValidationException">The key or value breaks a rule.</exception>
    public ResourceTag(string key, string value)
    {
        Key = AwsTagRules.ValidateKey(key);
        Value = AwsTagRules.ValidateValue(key, value);
    }

    /// <summary>The tag key.</summary>
    public string Key { get; }

    /// <summary>The tag value.</summary>
    public string Value { get; }
}
