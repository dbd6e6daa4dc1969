using System.Globalization;
using System.Text.RegularExpressions;

namespace MlOps.Sdk.SageMaker;

/// <summary>
/// The checks the generated wire types run in <c>Validate</c>: each throws <see cref="MlOpsValidationException"/> naming the field and the rule.
/// </summary>
/// <remarks>Public because generated types call it; it is not meant for other callers.</remarks>
public static class WireValidation
{
    /// <summary>Fails when a required member is missing.</summary>
    /// <param name="value">The member's value.</param>
    /// <param name="path">The member's field path.</param>
    public static void Required(object? value, string path)
    {
        if (value is null || value is string { Length: 0 })
        {
            throw new MlOpsValidationException(path, "is required");
        }
    }

    /// <summary>Fails when a string is shorter than <paramref name="min"/> or longer than <paramref name="max"/> characters.</summary>
    /// <param name="value">The value.</param>
    /// <param name="min">Fewest characters allowed.</param>
    /// <param name="max">Most characters allowed.</param>
    /// <param name="path">The member's field path.</param>
    public static void Length(string value, int min, int max, string path)
    {
        if (value.Length < min || value.Length > max)
        {
            var range = max == int.MaxValue ? $"at least {min}" : $"{min} to {max}";
            throw new MlOpsValidationException(path, $"must be {range} characters long (it is {value.Length})");
        }
    }

    /// <summary>Fails when a string does not match the API model's pattern as a whole.</summary>
    /// <param name="value">The value.</param>
    /// <param name="pattern">The anchored pattern.</param>
    /// <param name="path">The member's field path.</param>
    public static void Pattern(string value, Regex pattern, string path)
    {
        if (!pattern.IsMatch(value))
        {
            throw new MlOpsValidationException(path, $"'{Shorten(value)}' does not match the pattern {pattern}");
        }
    }

    /// <summary>Fails when a string is not one of the allowed values.</summary>
    /// <param name="value">The value.</param>
    /// <param name="allowed">The allowed values.</param>
    /// <param name="path">The member's field path.</param>
    public static void OneOf(string value, string[] allowed, string path)
    {
        if (Array.IndexOf(allowed, value) < 0)
        {
            throw new MlOpsValidationException(path, $"'{Shorten(value)}' is not one of: {string.Join(", ", allowed)}");
        }
    }

    /// <summary>Fails when a number lies outside [<paramref name="min"/>, <paramref name="max"/>].</summary>
    /// <param name="value">The value.</param>
    /// <param name="min">Smallest value allowed.</param>
    /// <param name="max">Largest value allowed.</param>
    /// <param name="path">The member's field path.</param>
    public static void Range(double value, double min, double max, string path)
    {
        if (value < min || value > max)
        {
            var range = max == double.MaxValue
                ? $"at least {min.ToString(CultureInfo.InvariantCulture)}"
                : $"between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}";
            throw new MlOpsValidationException(path, $"must be {range} (it is {value.ToString(CultureInfo.InvariantCulture)})");
        }
    }

    /// <summary>Fails when a list or map holds fewer than <paramref name="min"/> or more than <paramref name="max"/> items.</summary>
    /// <param name="count">How many items it holds.</param>
    /// <param name="min">Fewest items allowed.</param>
    /// <param name="max">Most items allowed.</param>
    /// <param name="path">The member's field path.</param>
    public static void Count(int count, int min, int max, string path)
    {
        if (count < min || count > max)
        {
            var range = max == int.MaxValue ? $"at least {min}" : $"{min} to {max}";
            throw new MlOpsValidationException(path, $"must hold {range} items (it holds {count})");
        }
    }

    private static string Shorten(string value) => value.Length <= 80 ? value : value[..77] + "...";
}
