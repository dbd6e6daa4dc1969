namespace MlOps.Sdk.Tests.BadInput;

/// <summary>One bad input to the SDK: where it goes, what is wrong with it, the field the error must name, and how to submit it.</summary>
public sealed record BadInputCase(string Category, string Input, string Field, Func<BadInputWorld, Task> Submit) : IBadInputRow
{
    public override string ToString() => $"{Category}: {Input}";
}
