using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Sdk.Endpoints;
using MlOps.Sdk.Naming;
using MlOps.Sdk.Registry;
using MlOps.Sdk.SageMaker;
using MlOps.Sdk.Stages.Settings;

namespace MlOps.Sdk.Stages;

/// <summary>
/// Deploy: deploys a model version to the run's endpoint: <c>&lt;project&gt;-candidate-mr&lt;IID&gt;</c> for a merge
/// request, or the production endpoint, updated blue/green, on the default branch. The version is the one this pipeline
/// registered, else the newest Approved version of the group. With a serving image from the build stage, that image
/// serves the version's model data. An update is refused when a newer pipeline deployed the endpoint last (its
/// <c>Pipeline</c> tag is a higher <c>CI_PIPELINE_ID</c>), unless <c>--allow-outdated</c>.
/// </summary>
public sealed class DeployStage : IStage
{
    /// <summary>The value of <c>--model</c> that picks the newest Approved version of the group.</summary>
    public const string LatestApproved = "latest-approved";

    /// <summary><c>--endpoint</c>: the endpoint.</summary>
    public static readonly StageOption Endpoint = new("endpoint", "the endpoint (default: <project>-candidate-mr<IID>, or <project>-prod on the default branch)", []);

    /// <summary><c>--model</c>: the model version to deploy.</summary>
    public static readonly StageOption Model = StageOption.Create("model", $"a model package version ARN, or {LatestApproved} (default: the version register handed on, else {LatestApproved})", null, "MLOPS_MODEL_PACKAGE_ARN");

    /// <summary><c>--group</c>: the model package group.</summary>
    public static readonly StageOption Group = StageOption.Create("group", "the model package group (manifest.json: registry.modelPackageGroup, model.modelPackageGroup or endpoint.modelPackageGroup)", null, "MLOPS_MODEL_PACKAGE_GROUP") with { ManifestKey = "registry.modelPackageGroup" };

    /// <summary><c>--instance-type</c>: the endpoint's instance type.</summary>
    public static readonly StageOption InstanceType = StageOption.Create("instance-type", "the endpoint's instance type (manifest.json: endpoint.instanceType)") with { ManifestKey = "endpoint.instanceType" };

    /// <summary><c>--instance-count</c>: how many instances.</summary>
    public static readonly StageOption InstanceCount = StageOption.Create("instance-count", "how many instances (manifest.json: endpoint.initialInstanceCount)") with { ManifestKey = "endpoint.initialInstanceCount" };

    /// <summary><c>--image</c>: the serving image.</summary>
    public static readonly StageOption Image = StageOption.Create("image", "the serving image URI (handed on by build); without it, the model package's own image serves", null, "MLOPS_SERVING_IMAGE_URI");

    /// <summary><c>--wait</c>: wait until the endpoint is InService.</summary>
    public static readonly StageOption Wait = StageOption.Flag("wait", "wait until the endpoint is InService", defaultValue: true);

    /// <summary><c>--role-arn</c>: the role the model runs as.</summary>
    public static readonly StageOption RoleArn = StageOption.Create("role-arn", "the IAM role the model runs as (AWS; manifest.json aws.sageMakerRoleArnVariable names its CI variable)");

    /// <summary><c>--allow-outdated</c>: deploy over a deployment of a newer pipeline.</summary>
    public static readonly StageOption AllowOutdated = StageOption.Flag("allow-outdated", "deploy even when a newer pipeline deployed the endpoint last (a deliberate rollback by retrying an older pipeline's deploy); without it such a deploy fails and changes nothing");

    /// <inheritdoc/>
    public string Name => "deploy";

    /// <inheritdoc/>
    public string Summary => "Deploys a model version to the candidate endpoint (merge requests) or, blue/green, to production.";

    /// <inheritdoc/>
    public IReadOnlyList<StageOption> Options => [Endpoint, Model, Group, InstanceType, InstanceCount, Image, Wait, RoleArn, AllowOutdated, .. EndpointAutoScalingOptions.All];

    /// <inheritdoc/>
    public async Task<int> RunAsync(StageContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var arguments = context.Arguments;
        var settings = context.Settings;
        var release = context.ReleaseContext();
        var namer = context.Namer();
        var endpointName = arguments.Get(Endpoint.Name) ?? settings.Endpoint.EndpointNameFor(namer, release);
        SageMakerNameRules.Validate(endpointName, "--endpoint");
        var model = arguments.Get(Model.Name) ?? LatestApproved;
        var group = settings.Project.ModelPackageGroup ?? namer.ModelPackageGroupName;
        SageMakerNameRules.Validate(group, "--group");
        var instanceType = settings.Endpoint.InstanceType;
        var instanceCount = settings.Endpoint.InstanceCount;
        var image = arguments.Get(Image.Name);
        var roleVariable = settings.Aws.SageMakerRoleArnVariable;
        var role = arguments.Get(RoleArn.Name) ?? (roleVariable is null ? null : context.GetVariable(roleVariable));
        var wait = arguments.GetBoolean(Wait.Name);
        var autoScaling = EndpointAutoScalingOptions.Resolve(arguments);

        var registry = ActivatorUtilities.GetServiceOrCreateInstance<RegistryClient>(context.Services);
        var endpoints = ActivatorUtilities.GetServiceOrCreateInstance<EndpointClient>(context.Services);
        ModelVersion version;
        if (model == LatestApproved)
        {
            version = await context.Console.RunStepAsync(
                $"finding the newest Approved version of {group}",
                async ct => await registry.GetLatestApprovedVersionAsync(group, ct).ConfigureAwait(false)
                    ?? throw new MlOpsException($"Model package group '{group}' has no Approved version: run the training pipeline on the default branch (its metric gate approves), or approve a version.", "NoApprovedModel", resourceName: group),
                cancellationToken).ConfigureAwait(false);
        }
        else
        {
            version = await registry.GetModelVersionAsync(model, cancellationToken).ConfigureAwait(false);
        }

        context.Console.WriteResult("model package", $"{version.Arn} ({version.ApprovalStatus})");
        var spec = new EndpointDeploymentSpec
        {
            EndpointName = endpointName,
            ModelPackageArn = image is null ? version.Arn : null,
            Image = image,
            ModelDataUrl = image is null ? null : version.ModelDataUrl
                ?? throw new MlOpsValidationException("--model", $"version {version.Arn} has no model data to serve with image {image}"),
            ExecutionRoleArn = role,
            InstanceType = instanceType,
            InstanceCount = instanceCount,
            Tags = namer.Tags(release),
            AllowOutdatedDeployment = arguments.GetBoolean(AllowOutdated.Name),
        };
        spec.Validate();

        // AWS refuses an update that changes the instance type of a scaled variant, so scaling comes off first and is
        // put back once the new configuration is in service.
        var scaling = ActivatorUtilities.GetServiceOrCreateInstance<EndpointScalingClient>(context.Services);
        var removed = await scaling.RemoveAsync(endpointName, cancellationToken).ConfigureAwait(false);
        if (removed.Count > 0)
        {
            context.Console.WriteResult("auto-scaling", $"removed from {string.Join(", ", removed)} for the update");
        }

        var operation = await context.Console.RunStepAsync(
            $"deploying to {endpointName} ({instanceCount} × {instanceType})",
            ct => endpoints.DeployAsync(spec, ct),
            cancellationToken).ConfigureAwait(false);
        var values = new Dictionary<string, string>
        {
            ["MLOPS_ENDPOINT"] = endpointName,
            ["MLOPS_MODEL_PACKAGE_ARN"] = version.Arn,
            ["MLOPS_PREVIOUS_ENDPOINT_CONFIG"] = operation.PreviousEndpointConfigName ?? string.Empty,
            ["MLOPS_ENDPOINT_CONFIG"] = operation.TargetEndpointConfigName ?? string.Empty,
        };
        if (operation.IsUpdate)
        {
            context.Console.WriteResult("blue/green", $"from {operation.PreviousEndpointConfigName} to {operation.TargetEndpointConfigName}");
        }

        if (wait)
        {
            var deployed = await context.Console.RunStepAsync(
                $"waiting for {endpointName} to be InService",
                ct => operation.WaitForCompletionAsync(null, ct),
                cancellationToken).ConfigureAwait(false);
            context.Console.WriteResult("endpoint", $"{deployed.Name} {deployed.Status} ({deployed.EndpointConfigName})");
            if (autoScaling is not null)
            {
                var scaled = await context.Console.RunStepAsync(
                    $"auto-scaling {endpointName}: {EndpointAutoScalingOptions.Describe(autoScaling)}",
                    ct => scaling.ApplyAsync(endpointName, autoScaling, ct),
                    cancellationToken).ConfigureAwait(false);
                context.Console.WriteResult("auto-scaling", string.Join(", ", scaled));
            }
        }
        else if (autoScaling is not null)
        {
            context.Console.WriteResult("auto-scaling", "not applied: --wait false leaves the endpoint before it is in service (run deploy again with --wait to apply it)");
        }

        await RegisterStage.KeepForReleaseAsync(context, version, cancellationToken).ConfigureAwait(false);
        var deployFolder = context.ResolvePath(Path.Combine(StageFiles.ReleaseInputDirectory, "deploy"));
        Directory.CreateDirectory(deployFolder);
        var description = new Dictionary<string, object?>
        {
            ["endpointName"] = endpointName,
            ["endpointConfigName"] = operation.TargetEndpointConfigName,
            ["previousEndpointConfigName"] = operation.PreviousEndpointConfigName,
            ["modelPackageArn"] = version.Arn,
            ["image"] = image ?? version.Image,
            ["modelDataUrl"] = version.ModelDataUrl,
            ["instanceType"] = instanceType,
            ["instanceCount"] = instanceCount,
            ["variantName"] = spec.VariantName,
            ["autoScaling"] = wait ? autoScaling : null,
            ["releaseKind"] = release.Kind.ToText(),
        };
        await File.WriteAllTextAsync(Path.Combine(deployFolder, "endpoint.json"), JsonSerializer.Serialize(description, new JsonSerializerOptions { WriteIndented = true }), cancellationToken).ConfigureAwait(false);
        await context.Handoff.PublishAsync(values, cancellationToken).ConfigureAwait(false);
        return StageExitCode.Success;
    }
}
