namespace MlOps.Sdk.Tests.BadInput;

/// <summary>
/// One bad value of a root variable of tofu/: the variable, what is wrong with the value, the value as HCL, and the
/// rule it breaks (the error_message of the variable's validation block that must refuse it).
/// </summary>
public sealed record TofuVariableCase(string Variable, string Input, string Value, string Rule) : IBadInputRow
{
    public const string CategoryName = "tofu variables";

    public string Category => CategoryName;

    /// <summary>How terraform names the variable in its diagnostic.</summary>
    public string Field => $"var.{Variable}";

    public override string ToString() => $"{Category}: {Variable} = {Value} ({Input})";
}
