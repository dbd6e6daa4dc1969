namespace MlOps.Pipeline.Tests.Contract;

/// <summary>What one template's pipeline reads from its CI/CD variables, collected from its files.</summary>
/// <param name="Template">The template folder's name, such as mlops-training.</param>
/// <param name="Reads">Every variable the pipeline reads: .gitlab-ci.yml references and definitions, manifest.json's
/// *Variable names, and the variables of the options of the stages its ci/*.cs scripts run.</param>
/// <param name="Required">The variables that must come from outside the project in AWS mode: <c>${X:?...}</c>
/// expansions, workflow-rule variable values, manifest.json's aws.*Variable names and the stages' "AWS: required"
/// options; minus what the file defines itself and GitLab's predefined CI_*/GITLAB_* variables.</param>
/// <param name="Audiences">The aud of every id_tokens entry.</param>
/// <param name="PushedImageVariables">The CI variables that name the registry and repository build-image pushes to.</param>
/// <param name="ChosenPerPipeline">The variables workflow:rules set per pipeline (a project variable would override them).</param>
internal sealed record TemplateCi(
    string Template,
    IReadOnlySet<string> Reads,
    IReadOnlySet<string> Required,
    IReadOnlySet<string> Audiences,
    IReadOnlySet<string> PushedImageVariables,
    IReadOnlySet<string> ChosenPerPipeline);
