namespace MlOps.Sdk.Packaging;

/// <summary>One accepted false positive of the secret scanner.</summary>
/// <param name="PathPattern">A path relative to the project folder; <c>*</c> matches within a folder name, <c>**</c> across folders.</param>
/// <param name="RuleId">The rule id it silences, or <c>*</c> for every rule.</param>
/// <param name="Reason">Why the match is not a secret; required.</param>
public sealed record SecretAllowEntry(string PathPattern, string RuleId, string Reason);
