namespace MlOps.Pipeline.Tests.Contract;

/// <summary>What tofu/ promises the templates, read from its files.</summary>
/// <param name="CiVariables">The keys of the ci_variables output (tofu/outputs.tf).</param>
/// <param name="EcrVariables">The ci_variables keys whose value is an ECR registry or repository name.</param>
/// <param name="TrustedAudience">The aud the CI roles' trust policies require (modules/ci_oidc), or null when
/// the module does not take it from its one audience variable.</param>
internal sealed record TofuCi(IReadOnlySet<string> CiVariables, IReadOnlySet<string> EcrVariables, string? TrustedAudience);
