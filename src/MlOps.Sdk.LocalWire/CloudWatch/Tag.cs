namespace MlOps.Sdk.LocalWire.CloudWatch;

/// <summary>CloudWatch's <c>Tag</c>: one key and value of an alarm.</summary>
internal sealed record Tag
{
    /// <summary>The key (1-128 characters).</summary>
    public string? Key { get; init; }

    /// <summary>The value (up to 256 characters).</summary>
    public string? Value { get; init; }
}
