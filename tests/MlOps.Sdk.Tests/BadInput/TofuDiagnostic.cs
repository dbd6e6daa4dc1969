namespace MlOps.Sdk.Tests.BadInput;

/// <summary>An error terraform reported: its summary, its detail (a validation's error_message and where the rule is), and the references its snippet shows, such as var.project_name.</summary>
public sealed record TofuDiagnostic(string Summary, string Detail, IReadOnlyList<string> Traversals);
