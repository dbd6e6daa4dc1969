using System.Text.RegularExpressions;

namespace MlOps.Sdk.Stages;

/// <summary>The shape of an AWS region name, such as <c>us-east-1</c> or <c>us-gov-west-1</c>.</summary>
internal static class AwsRegionName
{
    /// <summary>The rule, as quoted in errors.</summary>
    public const string Rule = "must be an AWS region name such as us-east-1";

    private static readonly Regex Shape = new("^[a-z]{2}(-[a-z]+)+-[0-9]$", RegexOptions.CultureInvariant);

    /// <summary>Whether a text has the shape of a region name.</summary>
    /// <param name="text">The text.</param>
    /// <returns><see langword="true"/> when it does.</returns>
    public static bool IsValid(string text) => Shape.IsMatch(text);
}
