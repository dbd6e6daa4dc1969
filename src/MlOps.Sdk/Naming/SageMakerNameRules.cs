using System.Security.Cryptography;
using System.Text;

namespace MlOps.Sdk.Naming;

/// <summary>
/// The one place that knows SageMaker's name rule for training jobs, models, endpoint configs, endpoints and model
/// package groups: 1-63 characters matching <c>^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$</c>.
/// </summary>
/// <remarks>Adapters and high-level layers use it to validate names on the client side, before any call.</remarks>
public static class SageMakerNameRules
{
    /// <summary>The longest name SageMaker accepts.</summary>
    public const int MaxLength = 63;

    /// <summary>SageMaker's pattern, as published in its API model.</summary>
    public const string Pattern = "^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$";

    /// <summary>Length of the hexadecimal hash that <see cref="Shorten"/> and <see cref="ContentHash"/> produce.</summary>
    public const int HashLength = 10;

    /// <summary>Tells whether <paramref name="name"/> is a valid SageMaker resource name.</summary>
    /// <param name="name">The candidate name.</param>
    /// <returns><see langword="true"/> when valid.</returns>
    public static bool IsValid(string? name) => Explain(name) is null;

    /// <summary>Fails with a validation error naming <paramref name="fieldName"/> unless <paramref name="name"/> is valid.</summary>
    /// <param name="name">The candidate name.</param>
    /// <param name="fieldName">The request field it goes into, such as <c>EndpointName</c>.</param>
    /// <returns>The name, when valid.</returns>
    /// <exception cref="MlOpsValidationException">The name breaks the rule; the message says how.</exception>
    public static string Validate(string? name, string fieldName)
    {
        var problem = Explain(name);
        return problem is null ? name! : throw new MlOpsValidationException(fieldName, problem, name);
    }

    /// <summary>
    /// Returns <paramref name="name"/> when it fits in <see cref="MaxLength"/> characters; otherwise keeps its start and
    /// appends <c>-</c> and a hash of the whole name, so two different long names stay different.
    /// </summary>
    /// <param name="name">A name made only of letters, digits and hyphens that starts and ends with a letter or digit.</param>
    /// <returns>A valid name of at most <see cref="MaxLength"/> characters.</returns>
    /// <exception cref="MlOpsValidationException">The name has characters SageMaker refuses, whatever its length.</exception>
    public static string Shorten(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length <= MaxLength)
        {
            return Validate(name, "Name");
        }

        // Hyphens may repeat, so the kept start may end in '-' and the result is still valid (the hash ends it).
        var shortened = string.Concat(name.AsSpan(0, MaxLength - HashLength - 1), "-", ContentHash(name));
        return Validate(shortened, "Name");
    }

    /// <summary>A short lowercase hexadecimal SHA-256 prefix of <paramref name="content"/> (UTF-8), for content-addressed names.</summary>
    /// <param name="content">Any text, such as a resource's JSON definition.</param>
    /// <returns><see cref="HashLength"/> hexadecimal characters.</returns>
    public static string ContentHash(string content)
    {
        ArgumentNullException.ThrowIfNull(content);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(content), hash);
        return Convert.ToHexStringLower(hash)[..HashLength];
    }

    private static string? Explain(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return $"must be 1-{MaxLength} characters (got none)";
        }

        if (name.Length > MaxLength)
        {
            return $"must be 1-{MaxLength} characters (got {name.Length})";
        }

        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c != '-' && !char.IsAsciiLetterOrDigit(c))
            {
                return $"may hold only ASCII letters, digits and hyphens (got '{c}' at position {i + 1}); pattern {Pattern}";
            }
        }

        if (name[0] == '-' || name[^1] == '-')
        {
            return $"must start and end with a letter or digit; pattern {Pattern}";
        }

        return null;
    }
}
