namespace MlOps.Sdk.Tests.BadInput;

/// <summary>One run of terraform test as its JSON output reports it: its status (pass, fail, error, skip) and its error diagnostics.</summary>
public sealed record TofuRun(string Status, IReadOnlyList<TofuDiagnostic> Errors);
