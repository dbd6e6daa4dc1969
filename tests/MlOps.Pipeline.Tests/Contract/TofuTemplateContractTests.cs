using MlOps.Pipeline.Tests.Sample;

namespace MlOps.Pipeline.Tests.Contract;

public sealed class TofuTemplateContractTests : IDisposable
{
    private static readonly string TemplatesContent = Path.Combine(RepositoryPaths.Root, "templates", "MlOps.Templates", "content");
    private static readonly string Tofu = Path.Combine(RepositoryPaths.Root, "tofu");

    private readonly string _copy = Directory.CreateTempSubdirectory("mlops-contract-").FullName;

    public void Dispose() => Directory.Delete(_copy, recursive: true);

    [Fact]
    public void Violations_RepositoryAsCommitted_None()
    {
        var violations = TofuTemplateContract.Violations(TemplatesContent, Tofu);

        Assert.True(violations.Count == 0, string.Join('\n', violations));
    }

    [Fact]
    public void Read_TrainingTemplate_RequiresTheRolesBucketAndEcrNamesFromOutside()
    {
        var template = TemplateCiReader.Read(Path.Combine(TemplatesContent, "mlops-training"));

        Assert.Equal(
            [
                "MLOPS_BUCKET", "MLOPS_CANDIDATE_ROLE_ARN", "MLOPS_ECR_REGISTRY", "MLOPS_PRODUCTION_ROLE_ARN",
                "MLOPS_SAGEMAKER_CANDIDATE_ROLE_ARN", "MLOPS_SAGEMAKER_PRODUCTION_ROLE_ARN", "MLOPS_TRAINING_REPOSITORY",
            ],
            template.Required.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Violations_TemplateAudienceDiffersFromTrustPolicy_NamesBothAudiences()
    {
        var (templates, tofu) = Copy();
        Replace(Path.Combine(templates, "mlops-training", ".gitlab-ci.yml"), "aud: sts.amazonaws.com", "aud: https://gitlab.example.com");

        var violations = TofuTemplateContract.Violations(templates, tofu);

        Assert.Contains("mlops-training requests id_tokens aud 'https://gitlab.example.com', but the CI roles trust aud 'sts.amazonaws.com' (tofu/modules/ci_oidc variable \"audience\")", violations);
    }

    [Fact]
    public void Violations_TofuAudienceDefaultChanged_NamesTheTemplatesAudience()
    {
        var (templates, tofu) = Copy();
        Replace(Path.Combine(tofu, "modules", "ci_oidc", "variables.tf"), "default     = \"sts.amazonaws.com\"", "default     = \"https://gitlab.example.com\"");

        var violations = TofuTemplateContract.Violations(templates, tofu);

        Assert.Contains("mlops-endpoint requests id_tokens aud 'sts.amazonaws.com', but the CI roles trust aud 'https://gitlab.example.com' (tofu/modules/ci_oidc variable \"audience\")", violations);
    }

    [Fact]
    public void Violations_TrustPolicyNotFromTheAudienceVariable_Reported()
    {
        var (templates, tofu) = Copy();
        Replace(Path.Combine(tofu, "modules", "ci_oidc", "main.tf"), "audience    = var.audience", "audience    = var.gitlab_url");

        var violations = TofuTemplateContract.Violations(templates, tofu);

        Assert.Contains(violations, v => v.StartsWith("tofu/modules/ci_oidc: the trust policies' aud must come from the one default", StringComparison.Ordinal));
    }

    [Fact]
    public void Violations_TemplatePushesToItsOwnRepositoryName_NamesTheVariable()
    {
        var (templates, tofu) = Copy();
        Replace(Path.Combine(templates, "mlops-training", ".gitlab-ci.yml"), "image=\"$registry/$repository:", "image=\"$registry/${MLOPS_PROJECT}-trainer:");

        var violations = TofuTemplateContract.Violations(templates, tofu);

        Assert.Contains(violations, v => v.StartsWith("mlops-training: build-image names its image with $MLOPS_PROJECT, which is not an ECR name from tofu's ci_variables", StringComparison.Ordinal));
    }

    [Fact]
    public void Violations_TofuRenamesTheTrainingRepositoryVariable_NamesTheMissingVariable()
    {
        var (templates, tofu) = Copy();
        Replace(Path.Combine(tofu, "outputs.tf"), "MLOPS_TRAINING_REPOSITORY ", "MLOPS_TRAINER_REPOSITORY  ");

        var violations = TofuTemplateContract.Violations(templates, tofu);

        Assert.Contains("mlops-training requires the CI variable MLOPS_TRAINING_REPOSITORY, which tofu's ci_variables output does not produce", violations);
        Assert.Contains("tofu's ci_variables produces MLOPS_TRAINER_REPOSITORY, which no template reads", violations);
    }

    [Fact]
    public void Violations_TofuSetsAVariableTheWorkflowChooses_NamesIt()
    {
        var (templates, tofu) = Copy();
        Replace(Path.Combine(tofu, "outputs.tf"), "    MLOPS_BUCKET ", "    MLOPS_SAGEMAKER_ROLE_ARN = module.sagemaker.execution_role_arn\n    MLOPS_BUCKET ");

        var violations = TofuTemplateContract.Violations(templates, tofu);

        Assert.Contains("tofu's ci_variables sets MLOPS_SAGEMAKER_ROLE_ARN, which mlops-training's workflow:rules choose per pipeline: as a project variable it would override them", violations);
    }

    [Fact]
    public void Violations_TofuDropsTheBucket_NamesTheStageOptionsVariable()
    {
        var (templates, tofu) = Copy();
        RemoveLine(Path.Combine(tofu, "outputs.tf"), "MLOPS_BUCKET ");

        var violations = TofuTemplateContract.Violations(templates, tofu);

        Assert.Contains("mlops-training requires the CI variable MLOPS_BUCKET, which tofu's ci_variables output does not produce", violations);
    }

    // Copies what the contract reads: each template's .gitlab-ci.yml, manifest.json and ci/*.cs; tofu's root variables
    // and outputs, and modules/ci_oidc.
    private (string Templates, string Tofu) Copy()
    {
        var templates = Path.Combine(_copy, "content");
        foreach (var template in TofuTemplateContract.Templates)
        {
            var source = Path.Combine(TemplatesContent, template);
            var target = Directory.CreateDirectory(Path.Combine(templates, template, "ci")).Parent!.FullName;
            File.Copy(Path.Combine(source, ".gitlab-ci.yml"), Path.Combine(target, ".gitlab-ci.yml"));
            File.Copy(Path.Combine(source, "manifest.json"), Path.Combine(target, "manifest.json"));
            foreach (var script in Directory.GetFiles(Path.Combine(source, "ci"), "*.cs"))
            {
                File.Copy(script, Path.Combine(target, "ci", Path.GetFileName(script)));
            }
        }

        var tofu = Path.Combine(_copy, "tofu");
        var module = Directory.CreateDirectory(Path.Combine(tofu, "modules", "ci_oidc")).FullName;
        foreach (var file in new[] { "outputs.tf", "variables.tf" })
        {
            File.Copy(Path.Combine(Tofu, file), Path.Combine(tofu, file));
        }

        foreach (var file in Directory.GetFiles(Path.Combine(Tofu, "modules", "ci_oidc"), "*.tf"))
        {
            File.Copy(file, Path.Combine(module, Path.GetFileName(file)));
        }

        return (templates, tofu);
    }

    private static void RemoveLine(string path, string lineStart)
    {
        var lines = File.ReadAllLines(path);
        Assert.Single(lines, l => l.TrimStart().StartsWith(lineStart, StringComparison.Ordinal));
        File.WriteAllLines(path, lines.Where(l => !l.TrimStart().StartsWith(lineStart, StringComparison.Ordinal)));
    }

    private static void Replace(string path, string oldText, string newText)
    {
        var text = File.ReadAllText(path);
        Assert.True(text.Contains(oldText, StringComparison.Ordinal), $"{path} no longer holds '{oldText}': update the mutation");
        File.WriteAllText(path, text.Replace(oldText, newText, StringComparison.Ordinal));
    }
}
