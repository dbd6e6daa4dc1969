using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Sdk.Cleanup;
using MlOps.Sdk.Naming;
using MlOps.Sdk.Stages.Settings;

namespace MlOps.Sdk.Stages;

/// <summary>
/// Clean up: plans the removal of what the SDK created for a project beyond the retention period (candidate endpoints,
/// configurations, models, training artifacts, superseded model versions, old release zips) and, unless a dry run,
/// carries it out. The production endpoint and the newest approved versions and stable releases are protected.
/// </summary>
public sealed class CleanupStage : IStage
{
    /// <summary><c>--retention-days</c>: how long resources are kept.</summary>
    public static readonly StageOption RetentionDays = StageOption.Create("retention-days", "days resources are kept (manifest.json: release.retentionDays; default 14)") with { ManifestKey = "release.retentionDays" };

    /// <summary><c>--dry-run</c>: plan only.</summary>
    public static readonly StageOption DryRun = StageOption.Flag("dry-run", "show what would be removed, remove nothing");

    /// <summary><c>--group</c>: the model package group.</summary>
    public static readonly StageOption Group = StageOption.Create("group", "the model package group whose old versions are removed (manifest.json: registry.modelPackageGroup or model.modelPackageGroup)", null, "MLOPS_MODEL_PACKAGE_GROUP") with { ManifestKey = "registry.modelPackageGroup" };

    /// <summary><c>--releases</c>: where old release zips are removed.</summary>
    public static readonly StageOption Releases = StageOption.Create("releases", "a folder or s3:// prefix holding release zips to prune", null);

    /// <inheritdoc/>
    public string Name => "cleanup";

    /// <inheritdoc/>
    public string Summary => "Removes what the SDK created for the project beyond the retention period (dry run with --dry-run).";

    /// <inheritdoc/>
    public IReadOnlyList<StageOption> Options => [RetentionDays, DryRun, Group, Releases];

    /// <inheritdoc/>
    public async Task<int> RunAsync(StageContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var arguments = context.Arguments;
        var settings = context.Settings;
        var namer = context.Namer();
        var days = settings.Project.RetentionDays;
        var group = settings.Project.ModelPackageGroup;
        var releases = arguments.Get(Releases.Name) ?? context.ResolvePath(StageFiles.ReleaseDirectory);
        var policy = new CleanupPolicy
        {
            Project = namer.Project,
            RetentionPeriod = TimeSpan.FromDays(days),
            ProductionEndpointName = settings.Endpoint.ProductionEndpointName(namer),
            ModelPackageGroupName = group,
            ReleaseLocations = [releases],
            DryRun = arguments.GetBoolean(DryRun.Name),
        };
        policy.Validate();

        var cleanup = ActivatorUtilities.GetServiceOrCreateInstance<CleanupClient>(context.Services);
        var plan = await context.Console.RunStepAsync($"planning cleanup of {namer.Project} (older than {days} days)", ct => cleanup.PlanAsync(policy, ct), cancellationToken).ConfigureAwait(false);
        foreach (var action in plan.Actions)
        {
            context.Console.WriteLine($"{(policy.DryRun ? "would remove" : "remove")} {action.Kind} {action.Name}: {action.Reason}");
        }

        foreach (var kept in plan.Protected)
        {
            context.Console.WriteLine($"keep {kept}");
        }

        if (policy.DryRun)
        {
            context.Console.WriteResult("dry run", $"{plan.Actions.Count} resources would be removed");
            return StageExitCode.Success;
        }

        var report = await context.Console.RunStepAsync($"removing {plan.Actions.Count} resources", ct => cleanup.ExecuteAsync(plan, null, ct), cancellationToken).ConfigureAwait(false);
        var failed = report.Steps.Where(s => s.Outcome == CleanupOutcome.Failed).ToList();
        foreach (var step in failed)
        {
            context.Console.WriteError($"{step.Action.Kind} {step.Action.Name}: {step.Message}");
        }

        context.Console.WriteResult("removed", $"{report.Steps.Count - failed.Count} of {plan.Actions.Count}");
        return failed.Count == 0 ? StageExitCode.Success : StageExitCode.Failed;
    }
}
