using System.Text.RegularExpressions;

namespace MlOps.Sdk.SageMaker;

/// <summary>Rules of a metric definition that the API model's pattern cannot express.</summary>
public sealed partial record MetricDefinition
{
    partial void ValidateRules(string path)
    {
        // SageMaker reads the metric's value from the regex's first capture group; local mode applies the same
        // regex with .NET. A regex .NET cannot compile, or one without a group, would silently yield no metric.
        Regex compiled;
        try
        {
            compiled = new Regex(Regex, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException ex)
        {
            throw new MlOpsValidationException(path + ".Regex", $"'{Regex}' is not a valid regular expression: {ex.Message}");
        }

        if (compiled.GetGroupNumbers().Length < 2)
        {
            throw new MlOpsValidationException(path + ".Regex", $"'{Regex}' must have a capture group holding the metric's value");
        }
    }
}
