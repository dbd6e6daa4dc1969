using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace MlOps.Sdk.Storage;

/// <summary>
/// An <c>s3://bucket/key</c> address. The key may be empty (the bucket root) or end with <c>/</c> (a prefix).
/// </summary>
public sealed partial record S3Uri
{
    private S3Uri(string bucket, string key)
    {
        Bucket = bucket;
        Key = key;
    }

    /// <summary>The bucket name.</summary>
    public string Bucket { get; }

    /// <summary>The object key or prefix, without a leading <c>/</c>; empty for the bucket root.</summary>
    public string Key { get; }

    /// <summary>Parses <c>s3://bucket/key</c>.</summary>
    /// <param name="value">The address.</param>
    /// <param name="fieldName">The field the address came from, named in errors.</param>
    /// <returns>The parsed address.</returns>
    /// <exception cref="MlOpsValidationException">The text is not an S3 address with a valid bucket name.</exception>
    public static S3Uri Parse(string value, string fieldName = "S3Uri")
    {
        if (!TryParse(value, out var uri, out var rule))
        {
            throw new MlOpsValidationException(fieldName, rule);
        }

        return uri;
    }

    /// <summary>Parses <c>s3://bucket/key</c>, without throwing.</summary>
    /// <param name="value">The address.</param>
    /// <param name="uri">The parsed address, when valid.</param>
    /// <returns><see langword="true"/> when <paramref name="value"/> is valid.</returns>
    public static bool TryParse(string? value, [NotNullWhen(true)] out S3Uri? uri) => TryParse(value, out uri, out _);

    /// <summary>Creates an address from a bucket and key.</summary>
    /// <param name="bucket">The bucket name (3-63 lowercase letters, digits, dots and hyphens).</param>
    /// <param name="key">The key or prefix.</param>
    /// <returns>The address.</returns>
    public static S3Uri Create(string bucket, string key = "") => Parse($"s3://{bucket}/{key.TrimStart('/')}", nameof(bucket));

    /// <summary>An address under this one: <c>s3://bucket/key/relative</c>.</summary>
    /// <param name="relative">The path to append, with <c>/</c> separators.</param>
    /// <returns>The combined address.</returns>
    public S3Uri Append(string relative)
    {
        var prefix = Key.Length == 0 || Key.EndsWith('/') ? Key : Key + "/";
        return new S3Uri(Bucket, prefix + relative.TrimStart('/'));
    }

    /// <summary>This address as a prefix, ending with <c>/</c> (unchanged when it already does, or is the bucket root).</summary>
    /// <returns>The prefix address.</returns>
    public S3Uri AsPrefix() => Key.Length == 0 || Key.EndsWith('/') ? this : new S3Uri(Bucket, Key + "/");

    /// <summary>The address as text: <c>s3://bucket/key</c>.</summary>
    /// <returns>The text form.</returns>
    public override string ToString() => $"s3://{Bucket}/{Key}";

    private static bool TryParse(string? value, [NotNullWhen(true)] out S3Uri? uri, out string rule)
    {
        uri = null;
        if (string.IsNullOrEmpty(value))
        {
            rule = "is required (an s3://bucket/key address)";
            return false;
        }

        if (!value.StartsWith("s3://", StringComparison.Ordinal))
        {
            rule = $"'{value}' must start with s3://";
            return false;
        }

        var rest = value["s3://".Length..];
        var slash = rest.IndexOf('/');
        var bucket = slash < 0 ? rest : rest[..slash];
        var key = slash < 0 ? string.Empty : rest[(slash + 1)..];
        if (bucket.Length == 0)
        {
            rule = $"'{value}' has no bucket name (expected s3://bucket/key)";
            return false;
        }

        if (!BucketNamePattern().IsMatch(bucket) || bucket.Contains("..", StringComparison.Ordinal))
        {
            rule = $"bucket '{bucket}' must be 3-63 characters of lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit";
            return false;
        }

        if (key.Length > 1024)
        {
            rule = $"key must be at most 1024 characters (it is {key.Length})";
            return false;
        }

        // S3's rule: "Bucket names must not be formatted as an IP address (for example, 192.168.5.4)."
        if (System.Net.IPAddress.TryParse(bucket, out var address) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && bucket.Count(c => c == '.') == 3)
        {
            rule = $"bucket '{bucket}' must not be formatted as an IP address";
            return false;
        }

        uri = new S3Uri(bucket, key);
        rule = string.Empty;
        return true;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", RegexOptions.CultureInvariant)]
    private static partial Regex BucketNamePattern();
}
