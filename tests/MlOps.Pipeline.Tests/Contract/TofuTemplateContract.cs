namespace MlOps.Pipeline.Tests.Contract;

/// <summary>
/// The contract between tofu/ and the templates: every variable a template requires in AWS mode is in the
/// ci_variables output, every ci_variables key is read by a template, the id_tokens aud is the one the trust policies
/// require, and build-image pushes only to the ECR names tofu outputs. Violations name the file side to fix.
/// </summary>
internal static class TofuTemplateContract
{
    public static readonly string[] Templates = ["mlops-training", "mlops-endpoint"];

    // Compared with the id_tokens aud instead: no script reads it, it tells the user what the roles trust.
    private const string AudienceVariable = "MLOPS_OIDC_AUDIENCE";

    public static IReadOnlyList<string> Violations(string templatesContent, string tofuFolder)
    {
        var tofu = TofuCiReader.Read(tofuFolder);
        var templates = Templates.Select(t => TemplateCiReader.Read(Path.Combine(templatesContent, t))).ToList();
        var violations = new List<string>();
        if (tofu.TrustedAudience is null)
        {
            violations.Add("tofu/modules/ci_oidc: the trust policies' aud must come from the one default of variable \"audience\" (client_id_list and both aud conditions use local.audience = var.audience, and the root's ci_audience defaults to null)");
        }

        foreach (var template in templates)
        {
            foreach (var missing in template.Required.Except(tofu.CiVariables).Order(StringComparer.Ordinal))
            {
                violations.Add($"{template.Template} requires the CI variable {missing}, which tofu's ci_variables output does not produce");
            }

            foreach (var audience in template.Audiences.Where(a => a != tofu.TrustedAudience).Order(StringComparer.Ordinal))
            {
                violations.Add($"{template.Template} requests id_tokens aud '{audience}', but the CI roles trust aud '{tofu.TrustedAudience}' (tofu/modules/ci_oidc variable \"audience\")");
            }

            foreach (var overriding in template.ChosenPerPipeline.Intersect(tofu.CiVariables).Order(StringComparer.Ordinal))
            {
                violations.Add($"tofu's ci_variables sets {overriding}, which {template.Template}'s workflow:rules choose per pipeline: as a project variable it would override them");
            }

            if (template.PushedImageVariables.Count == 0)
            {
                violations.Add($"{template.Template}: build-image pushes no image=\"<registry>/<repository>:<tag>\" that the contract can read");
            }

            foreach (var name in template.PushedImageVariables.Except(tofu.EcrVariables).Order(StringComparer.Ordinal))
            {
                violations.Add($"{template.Template}: build-image names its image with ${name}, which is not an ECR name from tofu's ci_variables ({string.Join(", ", tofu.EcrVariables.Order(StringComparer.Ordinal))})");
            }
        }

        var read = templates.SelectMany(t => t.Reads).ToHashSet(StringComparer.Ordinal);
        foreach (var unread in tofu.CiVariables.Where(k => k != AudienceVariable).Except(read).Order(StringComparer.Ordinal))
        {
            violations.Add($"tofu's ci_variables produces {unread}, which no template reads");
        }

        if (!tofu.CiVariables.Contains(AudienceVariable))
        {
            violations.Add($"tofu's ci_variables must name the audience the roles trust ({AudienceVariable})");
        }

        return violations;
    }
}
