namespace MlOps.Sdk.Tests.BadInput;

/// <summary>One row of the catalogue as docs/bad-input.md lists it: where the bad input goes, what is wrong with it, and the field the refusal names.</summary>
public interface IBadInputRow
{
    string Category { get; }

    string Input { get; }

    string Field { get; }
}
