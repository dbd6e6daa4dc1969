using System.Globalization;

namespace MlOps.Sdk.Naming;

/// <summary>
/// Derives the SageMaker names and tags of one project deterministically from a <see cref="ReleaseContext"/>.
/// Every name it returns is valid (<see cref="SageMakerNameRules"/>); over-long names end in a hash of the full name,
/// so distinct inputs keep distinct names.
/// </summary>
/// <remarks>
/// Shapes (before shortening): training job <c>{project}-{mr7|stable}-{commit}-{yyyyMMddHHmmss}</c>;
/// model <c>{project}-{mr7|stable}-{hash of its definition}</c>; endpoint <c>{project}-candidate-mr{IID}</c> or
/// <c>{project}-prod</c>; endpoint config <c>{endpoint}-{hash of its definition}</c>; model package group <c>{project}</c>.
/// Project names are lowercase because SageMaker compares some names without case.
/// </remarks>
public sealed class ResourceNamer
{
    /// <summary>The rule project names follow, as quoted in errors.</summary>
    public const string ProjectRule = "must be 1-63 lowercase ASCII letters, digits and hyphens, starting and ending with a letter or digit";

    /// <summary>Creates a namer for one project.</summary>
    /// <param name="project">The project name, such as GitLab's <c>CI_PROJECT_NAME</c> in lowercase.</param>
    /// <exception cref="MlOpsValidationException">The project name breaks <see cref="ProjectRule"/>.</exception>
    public ResourceNamer(string project)
    {
        if (!SageMakerNameRules.IsValid(project) || project.Any(char.IsAsciiLetterUpper))
        {
            throw new MlOpsValidationException("Project", $"{ProjectRule} (got '{project}')", project);
        }

        Project = project;
    }

    /// <summary>The project name.</summary>
    public string Project { get; }

    /// <summary>The model package group of the project: <c>{project}</c>.</summary>
    public string ModelPackageGroupName => Project;

    /// <summary>A training job name, unique per project, kind, merge request, commit and second.</summary>
    /// <param name="context">The pipeline run.</param>
    /// <returns>A valid name.</returns>
    public string TrainingJobName(ReleaseContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var time = context.Timestamp.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        return SageMakerNameRules.Shorten($"{Project}-{RunTag(context)}-{context.CommitId}-{time}");
    }

    /// <summary>A model name addressed by its content, so a retried deploy finds the same model instead of failing.</summary>
    /// <param name="context">The pipeline run.</param>
    /// <param name="modelDefinitionJson">The model's definition as serialized for the request (image, model data, environment...).</param>
    /// <returns>A valid name.</returns>
    public string ModelName(ReleaseContext context, string modelDefinitionJson)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(modelDefinitionJson);
        return SageMakerNameRules.Shorten($"{Project}-{RunTag(context)}-{SageMakerNameRules.ContentHash(modelDefinitionJson)}");
    }

    /// <summary>The endpoint of a run: <c>{project}-candidate-mr{IID}</c> for a candidate, <c>{project}-prod</c> when stable.</summary>
    /// <param name="context">The pipeline run.</param>
    /// <returns>A valid name.</returns>
    public string EndpointName(ReleaseContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Kind == ReleaseKind.Candidate
            ? SageMakerNameRules.Shorten(string.Create(CultureInfo.InvariantCulture, $"{Project}-candidate-mr{context.MergeRequestIid}"))
            : ProductionEndpointName;
    }

    /// <summary>The production endpoint's default name, <c>&lt;project&gt;-prod</c> (a manifest's <c>endpoint.name</c> overrides it).</summary>
    public string ProductionEndpointName => SageMakerNameRules.Shorten($"{Project}-prod");

    /// <summary>
    /// An endpoint config name addressed by its content: <c>{endpoint}-{hash}</c>. A retried deploy reuses the config
    /// instead of hitting "Cannot create already existing endpoint configuration", and a changed config gets a new name.
    /// </summary>
    /// <param name="endpointName">The endpoint the config is for.</param>
    /// <param name="endpointConfigJson">The config as serialized for the request.</param>
    /// <returns>A valid name.</returns>
    /// <exception cref="MlOpsValidationException"><paramref name="endpointName"/> is not a valid SageMaker name.</exception>
    public static string EndpointConfigName(string endpointName, string endpointConfigJson)
    {
        SageMakerNameRules.Validate(endpointName, "EndpointName");
        ArgumentNullException.ThrowIfNull(endpointConfigJson);
        return SageMakerNameRules.Shorten($"{endpointName}-{SageMakerNameRules.ContentHash(endpointConfigJson)}");
    }

    /// <summary>
    /// The model an endpoint deployment creates, addressed by its content: <c>{endpoint}-m-{hash}</c>. Like
    /// <see cref="EndpointConfigName"/>, a retried deploy reuses it and a changed definition gets a new name.
    /// </summary>
    /// <param name="endpointName">The endpoint the model serves.</param>
    /// <param name="modelDefinitionJson">The model's definition as serialized for the request (image, model data, environment...).</param>
    /// <returns>A valid name.</returns>
    /// <exception cref="MlOpsValidationException"><paramref name="endpointName"/> is not a valid SageMaker name.</exception>
    public static string DeploymentModelName(string endpointName, string modelDefinitionJson)
    {
        SageMakerNameRules.Validate(endpointName, "EndpointName");
        ArgumentNullException.ThrowIfNull(modelDefinitionJson);
        return SageMakerNameRules.Shorten($"{endpointName}-m-{SageMakerNameRules.ContentHash(modelDefinitionJson)}");
    }

    /// <summary>
    /// The S3 key prefix a run writes its training data and models under: <c>candidates/PR-{IID}/{project}/</c> for a
    /// candidate, <c>stable/{project}/</c> when stable. The tier comes first so that IAM can grant each tier its own
    /// prefix (tofu/modules/ci_oidc): IAM's <c>*</c> also matches <c>/</c>, so only a prefix anchored at the start of
    /// the key keeps a candidate's writes out of the stable models.
    /// </summary>
    /// <param name="context">The pipeline run.</param>
    /// <returns>The prefix, ending with <c>/</c>.</returns>
    public string ArtifactPrefix(ReleaseContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Kind == ReleaseKind.Candidate
            ? string.Create(CultureInfo.InvariantCulture, $"candidates/PR-{context.MergeRequestIid}/{Project}/")
            : $"stable/{Project}/";
    }

    /// <summary>
    /// The standard tags of a run: <c>ManagedBy=MlOps.Sdk</c>, <c>Project</c>, <c>ReleaseKind</c>, <c>Commit</c>,
    /// <c>MergeRequest</c> (candidates) and <c>Pipeline</c> (when known), in that order.
    /// </summary>
    /// <param name="context">The pipeline run.</param>
    /// <returns>The tags.</returns>
    public IReadOnlyList<ResourceTag> Tags(ReleaseContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var tags = new List<ResourceTag>
        {
            new(StandardTagKeys.ManagedBy, StandardTagKeys.ManagedByValue),
            new(StandardTagKeys.Project, Project),
            new(StandardTagKeys.ReleaseKind, context.Kind.ToText()),
            new(StandardTagKeys.Commit, context.CommitId),
        };
        if (context.MergeRequestIid is { } iid)
        {
            tags.Add(new(StandardTagKeys.MergeRequest, iid.ToString(CultureInfo.InvariantCulture)));
        }

        if (context.PipelineId is { } pipelineId)
        {
            tags.Add(new(StandardTagKeys.Pipeline, pipelineId.ToString(CultureInfo.InvariantCulture)));
        }

        return tags;
    }

    private static string RunTag(ReleaseContext context) =>
        context.Kind == ReleaseKind.Candidate
            ? string.Create(CultureInfo.InvariantCulture, $"mr{context.MergeRequestIid}")
            : "stable";
}
