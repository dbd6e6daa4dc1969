using MlOps.Sdk.Naming;
using MlOps.Sdk.SageMaker;
using MlOps.Sdk.Storage;
using MlOps.Sdk.Tagging;

namespace MlOps.Sdk.Cleanup;

/// <summary>
/// Works out one cleanup plan: finds the project's endpoints, configs, models, model package versions and releases, and
/// sorts them into deletions and protections. One instance per plan; not shared.
/// </summary>
/// <remarks>
/// Discovery costs a few paged calls, not one per resource: a tag search (Resource Groups Tagging API, 100 resources a
/// page) says which resources are the project's and gives their tags; the SageMaker listings, narrowed to names that
/// contain the project, give their ages 100 a page. A resource the tag search does not return is not the project's and
/// is never touched, whatever its name; one it returns that the narrowed listing missed (a name without the project in
/// it) is described on its own, so nothing of the project escapes the in-use checks. Model package versions carry no
/// tags: they are the versions of the policy's group, and the group's tags say whether it is the project's.
/// </remarks>
internal sealed class CleanupPlanner
{
    // SageMaker's List* operations and GetResources serve at most 100 items a page (ListEndpoints defaults to 10).
    private const int PageSize = 100;

    private static readonly string[] ResourceTypes =
        ["sagemaker:endpoint", "sagemaker:endpoint-config", "sagemaker:model", "sagemaker:model-package-group"];

    private readonly ISageMakerClient _sageMaker;
    private readonly IResourceTaggingClient _tagging;
    private readonly IArtifactStore _artifacts;
    private readonly CleanupPolicy _policy;
    private readonly DateTimeOffset _cutoff;
    private readonly string? _nameFilter;
    private readonly List<CleanupAction> _actions = [];
    private readonly List<ProtectedResource> _protected = [];
    private readonly HashSet<string> _protectedConfigs = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, IReadOnlyList<Tag>> _owned = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, DescribeEndpointConfigResponse?> _configDescriptions = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, DescribeModelResponse?> _modelDescriptions = new(StringComparer.OrdinalIgnoreCase);
    private int _searchableStages = ResourceTypes.Length;
    private string? _unsearchable;

    internal CleanupPlanner(ISageMakerClient sageMaker, IResourceTaggingClient tagging, IArtifactStore artifacts, CleanupPolicy policy, DateTimeOffset cutoff)
    {
        _sageMaker = sageMaker;
        _tagging = tagging;
        _artifacts = artifacts;
        _policy = policy;
        _cutoff = cutoff;

        // NameContains takes 1-63 letters, digits and hyphens; a project name that is not one narrows nothing.
        _nameFilter = policy.Project is { } project && SageMakerNameRules.IsValid(project) ? project : null;
    }

    internal async Task<(IReadOnlyList<CleanupAction> Actions, IReadOnlyList<ProtectedResource> Protected)> PlanAsync(CancellationToken cancellationToken)
    {
        await FindOwnedAsync(cancellationToken).ConfigureAwait(false);
        var deletedEndpointConfigs = await PlanEndpointsAsync(cancellationToken).ConfigureAwait(false);
        var modelsInUse = await PlanEndpointConfigsAsync(deletedEndpointConfigs, cancellationToken).ConfigureAwait(false);
        var keptModels = await PlanModelsAsync(modelsInUse, cancellationToken).ConfigureAwait(false);
        await PlanModelPackagesAsync(keptModels, cancellationToken).ConfigureAwait(false);
        foreach (var location in _policy.ReleaseLocations)
        {
            await PlanReleasesAsync(location, cancellationToken).ConfigureAwait(false);
        }

        return (_actions, _protected);
    }

    // One search per type, so that a type the search cannot serve (moto, for one, fails on endpoint configs) costs only
    // the deletions that depend on it.
    private async Task FindOwnedAsync(CancellationToken cancellationToken)
    {
        var filters = new List<TagFilter> { new() { Key = StandardTagKeys.ManagedBy, Values = [StandardTagKeys.ManagedByValue] } };
        if (_policy.Project is { } project)
        {
            filters.Add(new() { Key = StandardTagKeys.Project, Values = [project] });
        }

        foreach (var type in ResourceTypes)
        {
            var request = new GetResourcesRequest { TagFilters = filters, ResourceTypeFilters = [type], ResourcesPerPage = PageSize };
            try
            {
                await foreach (var mapping in _tagging.GetResourcesAsync(request, cancellationToken).ConfigureAwait(false))
                {
                    var tags = (mapping.Tags ?? []).Select(t => new Tag { Key = t.Key, Value = t.Value }).ToList();

                    // The service filtered already; the same rule that tags are written by confirms it here.
                    if (mapping.ResourceARN is { } arn && ManagedTags.IsManaged(tags, _policy.Project))
                    {
                        _owned[arn] = tags;
                    }
                }
            }
            catch (MlOpsException e) when (e is not MlOpsValidationException)
            {
                _unsearchable ??= $"the tag search for {type} failed ({e.ErrorCode}: {e.Message})";
                _searchableStages = Math.Min(_searchableStages, Array.IndexOf(ResourceTypes, type));
            }
        }
    }

    // Whether a stage may delete: it and every stage before it (each decides what the next one may treat as unused)
    // had a working tag search. Otherwise the stage keeps everything, and the plan says why once.
    private bool MayDelete(int stage, CleanupResourceKind kind)
    {
        if (stage < _searchableStages)
        {
            return true;
        }

        Protect(kind, ResourceTypes[stage], $"nothing of this kind is deleted: {_unsearchable}");
        return false;
    }

    // Returns the configs served by, or being deployed to, the endpoints planned for deletion.
    private async Task<HashSet<string>> PlanEndpointsAsync(CancellationToken cancellationToken)
    {
        var descriptions = new Dictionary<string, DescribeEndpointResponse?>(StringComparer.OrdinalIgnoreCase);
        var endpoints = await OwnedAsync(
            _sageMaker.ListEndpointsAsync(new ListEndpointsRequest { NameContains = _nameFilter, MaxResults = PageSize }, cancellationToken),
            e => e.EndpointArn,
            "endpoint",
            async name =>
            {
                var description = await DescribeEndpointAsync(name, cancellationToken).ConfigureAwait(false);
                if (description is null)
                {
                    return null;
                }

                descriptions[description.EndpointName] = description;
                return new EndpointSummary { EndpointName = description.EndpointName, EndpointArn = description.EndpointArn, CreationTime = description.CreationTime, LastModifiedTime = description.LastModifiedTime, EndpointStatus = description.EndpointStatus };
            },
            cancellationToken).ConfigureAwait(false);

        // Each endpoint's configs: the one it serves and, while a deploy is in flight, the one being deployed
        // (PendingDeploymentSummary, which the description that gives the served one carries, so it costs no call).
        // Both are kept, with their models, while the endpoint is; both go with it when it goes.
        // The same description says whether a deploy is in flight (Creating or Updating, or a pending deployment).
        var endpointConfigs = new Dictionary<string, (string? Served, string? Pending)>(StringComparer.OrdinalIgnoreCase);
        var deploysInFlight = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var endpoint in endpoints)
        {
            if (!descriptions.TryGetValue(endpoint.EndpointName, out var description))
            {
                description = await DescribeEndpointAsync(endpoint.EndpointName, cancellationToken).ConfigureAwait(false);
            }

            endpointConfigs[endpoint.EndpointName] = (description?.EndpointConfigName, PendingConfigOf(description));
            if (DeployInFlightReason(description, endpoint.EndpointStatus) is { } inFlight)
            {
                deploysInFlight[endpoint.EndpointName] = inFlight;
            }
        }

        if (_policy.ProductionEndpointName is { } production)
        {
            await ProtectProductionAsync(production, endpoints.FirstOrDefault(e => string.Equals(e.EndpointName, production, StringComparison.OrdinalIgnoreCase)), endpointConfigs, cancellationToken).ConfigureAwait(false);
        }

        var deletedConfigs = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var mayDelete = MayDelete(0, CleanupResourceKind.Endpoint);
        foreach (var endpoint in endpoints.Where(e => mayDelete && !string.Equals(e.EndpointName, _policy.ProductionEndpointName, StringComparison.OrdinalIgnoreCase)))
        {
            var tags = _owned[endpoint.EndpointArn];
            if (tags.FirstOrDefault(t => t.Key == StandardTagKeys.ReleaseKind)?.Value != ReleaseKind.Candidate.ToText())
            {
                Protect(CleanupResourceKind.Endpoint, endpoint.EndpointName, "not a candidate endpoint");
                continue;
            }

            // A deploy in flight (one started without waiting, say) is kept whatever its age, with the configs it serves
            // and is being deployed to: deleting it would cut that deploy off, and its configs and models are in use.
            if (deploysInFlight.TryGetValue(endpoint.EndpointName, out var deployInFlight))
            {
                Protect(CleanupResourceKind.Endpoint, endpoint.EndpointName, deployInFlight);
                var (servedConfig, pendingConfig) = endpointConfigs[endpoint.EndpointName];
                if (pendingConfig is not null)
                {
                    Protect(CleanupResourceKind.EndpointConfig, pendingConfig, $"being deployed to endpoint {endpoint.EndpointName}");
                }

                if (servedConfig is not null && !string.Equals(servedConfig, pendingConfig, StringComparison.OrdinalIgnoreCase))
                {
                    Protect(CleanupResourceKind.EndpointConfig, servedConfig, $"served by endpoint {endpoint.EndpointName} while a deploy to it is in flight");
                }

                continue;
            }

            if (endpoint.LastModifiedTime >= _cutoff)
            {
                Protect(CleanupResourceKind.Endpoint, endpoint.EndpointName, $"changed within the retention period ({endpoint.LastModifiedTime:u})");
                continue;
            }

            _actions.Add(new(CleanupResourceKind.Endpoint, endpoint.EndpointName, endpoint.LastModifiedTime, $"candidate endpoint unchanged since {endpoint.LastModifiedTime:u}"));
            var (served, pending) = endpointConfigs[endpoint.EndpointName];
            foreach (var config in new[] { served, pending }.OfType<string>())
            {
                deletedConfigs.Add(config);
            }

            endpointConfigs.Remove(endpoint.EndpointName);
        }

        foreach (var kept in endpointConfigs.Values.SelectMany(c => new[] { c.Served, c.Pending }).OfType<string>())
        {
            _protectedConfigs.Add(kept);
            deletedConfigs.Remove(kept);
        }

        return deletedConfigs;
    }

    // The production endpoint is kept whoever tagged it, with the config it serves, the one being deployed to it and the
    // one it may roll back to.
    private async Task ProtectProductionAsync(string production, EndpointSummary? owned, Dictionary<string, (string? Served, string? Pending)> endpointConfigs, CancellationToken cancellationToken)
    {
        string? served;
        string? pending;
        IReadOnlyList<Tag> tags;
        if (owned is not null)
        {
            (served, pending) = endpointConfigs[owned.EndpointName];
            tags = _owned[owned.EndpointArn];
        }
        else if (await DescribeEndpointAsync(production, cancellationToken).ConfigureAwait(false) is { } description)
        {
            // Not the project's by its tags, so the tag search gave none: this one endpoint's are read directly.
            served = description.EndpointConfigName;
            pending = PendingConfigOf(description);
            tags = await ListTagsAsync(description.EndpointArn, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            return;
        }

        _protected.Add(new(CleanupResourceKind.Endpoint, production, "the production endpoint"));
        if (served is not null)
        {
            Protect(CleanupResourceKind.EndpointConfig, served, "served by the production endpoint");
            _protectedConfigs.Add(served);
        }

        if (pending is not null)
        {
            Protect(CleanupResourceKind.EndpointConfig, pending, "being deployed to the production endpoint");
            _protectedConfigs.Add(pending);
        }

        if (tags.FirstOrDefault(t => t.Key == StandardTagKeys.PreviousEndpointConfig)?.Value is { Length: > 0 } previous)
        {
            Protect(CleanupResourceKind.EndpointConfig, previous, "the production endpoint's rollback target");
            _protectedConfigs.Add(previous);
        }
    }

    // Returns the models used by every config that stays.
    private async Task<HashSet<string>> PlanEndpointConfigsAsync(HashSet<string> configsOfDeletedEndpoints, CancellationToken cancellationToken)
    {
        var modelsInUse = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var configs = await OwnedAsync(
            _sageMaker.ListEndpointConfigsAsync(new ListEndpointConfigsRequest { NameContains = _nameFilter, MaxResults = PageSize }, cancellationToken),
            c => c.EndpointConfigArn,
            "endpoint-config",
            async name => await DescribeEndpointConfigAsync(name, cancellationToken).ConfigureAwait(false) is { } d
                ? new EndpointConfigSummary { EndpointConfigName = d.EndpointConfigName, EndpointConfigArn = d.EndpointConfigArn, CreationTime = d.CreationTime }
                : null,
            cancellationToken).ConfigureAwait(false);

        var mayDelete = MayDelete(1, CleanupResourceKind.EndpointConfig);
        foreach (var config in configs)
        {
            var goes = mayDelete
                && !_protectedConfigs.Contains(config.EndpointConfigName)
                && (configsOfDeletedEndpoints.Contains(config.EndpointConfigName) || config.CreationTime < _cutoff);
            if (goes)
            {
                var reason = configsOfDeletedEndpoints.Contains(config.EndpointConfigName)
                    ? "served an endpoint planned for deletion"
                    : $"served by no endpoint, created {config.CreationTime:u}";
                _actions.Add(new(CleanupResourceKind.EndpointConfig, config.EndpointConfigName, config.CreationTime, reason));
                continue;
            }

            // Only the configs that stay are read: their models are in use.
            var description = await DescribeEndpointConfigAsync(config.EndpointConfigName, cancellationToken).ConfigureAwait(false);
            var models = description?.ProductionVariants.Select(v => v.ModelName).OfType<string>().ToList() ?? [];
            modelsInUse.UnionWith(models);
            if (_protectedConfigs.Contains(config.EndpointConfigName))
            {
                ProtectModelsOf(config.EndpointConfigName, models);
            }
        }

        // A protected config the listing did not give (not the project's, or so new, as the one a deploy in flight just
        // made, that the tag search's index does not have it yet) is never deleted, but its models may be the
        // project's: they are read, one call per such config, so that they stay too.
        var listed = configs.Select(c => c.EndpointConfigName).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var name in _protectedConfigs.Where(c => !listed.Contains(c)))
        {
            var description = await DescribeEndpointConfigAsync(name, cancellationToken).ConfigureAwait(false);
            var models = description?.ProductionVariants.Select(v => v.ModelName).OfType<string>().ToList() ?? [];
            modelsInUse.UnionWith(models);
            ProtectModelsOf(name, models);
        }

        return modelsInUse;
    }

    // Returns the models that stay.
    private async Task<List<ModelSummary>> PlanModelsAsync(HashSet<string> modelsInUse, CancellationToken cancellationToken)
    {
        var kept = new List<ModelSummary>();
        var models = await OwnedAsync(
            _sageMaker.ListModelsAsync(new ListModelsRequest { NameContains = _nameFilter, MaxResults = PageSize }, cancellationToken),
            m => m.ModelArn,
            "model",
            async name => await DescribeModelAsync(name, cancellationToken).ConfigureAwait(false) is { } d
                ? new ModelSummary { ModelName = d.ModelName, ModelArn = d.ModelArn, CreationTime = d.CreationTime }
                : null,
            cancellationToken).ConfigureAwait(false);

        var mayDelete = MayDelete(2, CleanupResourceKind.Model);
        foreach (var model in models)
        {
            if (mayDelete && !modelsInUse.Contains(model.ModelName) && model.CreationTime < _cutoff)
            {
                _actions.Add(new(CleanupResourceKind.Model, model.ModelName, model.CreationTime, $"used by no remaining endpoint config, created {model.CreationTime:u}"));
            }
            else
            {
                kept.Add(model);
            }
        }

        return kept;
    }

    private async Task PlanModelPackagesAsync(List<ModelSummary> keptModels, CancellationToken cancellationToken)
    {
        if (_policy.ModelPackageGroupName is not { } group)
        {
            return;
        }

        if (!MayDelete(3, CleanupResourceKind.ModelPackage))
        {
            return;
        }

        // Versions carry no tags (SageMaker refuses tags on a version registered into a group): the group's say whose they are.
        if (!OwnedArns("model-package-group").Any(arn => string.Equals(NameOf(arn), group, StringComparison.OrdinalIgnoreCase)))
        {
            var owner = _policy.Project is null ? "ManagedBy=MlOps.Sdk" : $"ManagedBy=MlOps.Sdk and Project={_policy.Project}";
            Protect(CleanupResourceKind.ModelPackage, group, $"the model package group is not tagged {owner}, so none of its versions is touched");
            return;
        }

        var versions = new List<ModelPackageSummary>();
        var request = new ListModelPackagesRequest { ModelPackageGroupName = group, ModelPackageType = ModelPackageType.Versioned, MaxResults = PageSize };
        await foreach (var version in _sageMaker.ListModelPackagesAsync(request, cancellationToken).ConfigureAwait(false))
        {
            if (string.Equals(version.ModelPackageGroupName, group, StringComparison.OrdinalIgnoreCase))
            {
                versions.Add(version);
            }
        }

        var keptApproved = versions
            .Where(v => v.ModelApprovalStatus == ModelApprovalStatus.Approved)
            .OrderByDescending(v => v.ModelPackageVersion ?? 0)
            .ThenByDescending(v => v.CreationTime)
            .Take(_policy.KeepApprovedVersions)
            .Select(v => v.ModelPackageArn)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

        // The models that stay are read only when some version could go: their packages are in use.
        var packagesInUse = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (versions.Any(v => !keptApproved.Contains(v.ModelPackageArn) && v.CreationTime < _cutoff))
        {
            foreach (var model in keptModels)
            {
                if ((await DescribeModelAsync(model.ModelName, cancellationToken).ConfigureAwait(false))?.PrimaryContainer?.ModelPackageName is { } package)
                {
                    packagesInUse.Add(package);
                }
            }
        }

        foreach (var version in versions.OrderBy(v => v.ModelPackageVersion ?? 0))
        {
            if (keptApproved.Contains(version.ModelPackageArn))
            {
                Protect(CleanupResourceKind.ModelPackage, version.ModelPackageArn, $"one of the {_policy.KeepApprovedVersions} newest Approved versions");
            }
            else if (packagesInUse.Contains(version.ModelPackageArn))
            {
                Protect(CleanupResourceKind.ModelPackage, version.ModelPackageArn, "used by a remaining model");
            }
            else if (version.CreationTime < _cutoff)
            {
                _actions.Add(new(CleanupResourceKind.ModelPackage, version.ModelPackageArn, version.CreationTime, $"{version.ModelApprovalStatus} version {version.ModelPackageVersion}, created {version.CreationTime:u}"));
            }
        }
    }

    private async Task PlanReleasesAsync(string location, CancellationToken cancellationToken)
    {
        var releases = new List<(string Location, ReleaseName Name)>();
        if (S3Uri.TryParse(location, out var prefix))
        {
            await foreach (var item in _artifacts.ListAsync(prefix.AsPrefix(), cancellationToken).ConfigureAwait(false))
            {
                var fileName = item.Uri.Key[(item.Uri.Key.LastIndexOf('/') + 1)..];
                if (ReleaseName.TryParse(fileName, out var name))
                {
                    releases.Add((item.Uri.ToString(), name));
                }
            }
        }
        else if (Directory.Exists(location))
        {
            foreach (var file in Directory.EnumerateFiles(location, "*" + ReleaseName.Extension, SearchOption.TopDirectoryOnly))
            {
                if (ReleaseName.TryParse(Path.GetFileName(file), out var name))
                {
                    releases.Add((file, name));
                }
            }
        }

        var keptStable = releases
            .Where(r => r.Name.Kind == ReleaseKind.Stable)
            .OrderByDescending(r => r.Name.Timestamp)
            .Take(_policy.KeepLatestStableReleases)
            .Select(r => r.Location)
            .ToHashSet(StringComparer.Ordinal);
        foreach (var (path, name) in releases.OrderBy(r => r.Name.Timestamp))
        {
            if (keptStable.Contains(path))
            {
                Protect(CleanupResourceKind.Release, path, $"one of the {_policy.KeepLatestStableReleases} newest stable releases");
            }
            else if (name.Timestamp < _cutoff)
            {
                _actions.Add(new(CleanupResourceKind.Release, path, name.Timestamp, $"{name.Kind.ToText()} release of {name.Timestamp:u}"));
            }
        }
    }

    /// <summary>
    /// The project's resources of one type: those of the narrowed listing that the tag search returned, then those the
    /// tag search returned that the listing missed, each read with <paramref name="describe"/> (null: gone meanwhile).
    /// </summary>
    private async Task<List<T>> OwnedAsync<T>(IAsyncEnumerable<T> listing, Func<T, string> arnOf, string type, Func<string, Task<T?>> describe, CancellationToken cancellationToken)
        where T : class
    {
        var owned = new List<T>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        await foreach (var item in listing.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            var arn = arnOf(item);
            if (_owned.ContainsKey(arn) && seen.Add(arn))
            {
                owned.Add(item);
            }
        }

        foreach (var arn in OwnedArns(type).Where(a => !seen.Contains(a)))
        {
            if (await describe(NameOf(arn)).ConfigureAwait(false) is { } item && _owned.ContainsKey(arnOf(item)))
            {
                owned.Add(item);
            }
        }

        return owned;
    }

    // arn:aws:sagemaker:<region>:<account>:<type>/<name>
    private IEnumerable<string> OwnedArns(string type) =>
        _owned.Keys.Where(arn => arn.Split(':', 6) is { Length: 6 } parts && parts[5].StartsWith(type + "/", StringComparison.Ordinal));

    private void ProtectModelsOf(string config, List<string> models)
    {
        foreach (var model in models)
        {
            Protect(CleanupResourceKind.Model, model, $"used by protected config {config}");
        }
    }

    // SageMaker returns PendingDeploymentSummary only while an endpoint is Creating or Updating to a new config.
    private static string? PendingConfigOf(DescribeEndpointResponse? description) =>
        description?.PendingDeploymentSummary?.EndpointConfigName is { Length: > 0 } pending ? pending : null;

    // Why an endpoint counts as a deploy in flight, or null: it is Creating or Updating (the description's status, the
    // listing's when it could not be read), or its description names a pending deployment. SystemUpdating (SageMaker's
    // maintenance, during which the API reference says an endpoint cannot be deleted) and RollingBack (a scaling change
    // being undone) are changes in flight too: a delete would fail or cut the change short, so the next run decides.
    private static string? DeployInFlightReason(DescribeEndpointResponse? description, EndpointStatus listedStatus)
    {
        var status = description?.EndpointStatus ?? listedStatus;
        var pending = PendingConfigOf(description);
        if (status is not (EndpointStatus.Creating or EndpointStatus.Updating or EndpointStatus.SystemUpdating or EndpointStatus.RollingBack) && pending is null)
        {
            return null;
        }

        if (pending is null && status is EndpointStatus.SystemUpdating or EndpointStatus.RollingBack)
        {
            return $"SageMaker is changing it ({status})";
        }

        return pending is null
            ? $"a deploy to it is in flight ({status})"
            : $"a deploy to it is in flight ({status}, deploying config {pending})";
    }

    private static string NameOf(string arn) => arn[(arn.IndexOf('/', StringComparison.Ordinal) + 1)..];

    private void Protect(CleanupResourceKind kind, string name, string reason)
    {
        if (!_protected.Any(p => p.Kind == kind && string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            _protected.Add(new(kind, name, reason));
        }
    }

    private Task<DescribeEndpointResponse?> DescribeEndpointAsync(string name, CancellationToken cancellationToken) =>
        TryAsync(() => _sageMaker.DescribeEndpointAsync(new DescribeEndpointRequest { EndpointName = name }, cancellationToken));

    private async Task<DescribeEndpointConfigResponse?> DescribeEndpointConfigAsync(string name, CancellationToken cancellationToken)
    {
        if (!_configDescriptions.TryGetValue(name, out var description))
        {
            description = await TryAsync(() => _sageMaker.DescribeEndpointConfigAsync(new DescribeEndpointConfigRequest { EndpointConfigName = name }, cancellationToken)).ConfigureAwait(false);
            _configDescriptions[name] = description;
        }

        return description;
    }

    private async Task<DescribeModelResponse?> DescribeModelAsync(string name, CancellationToken cancellationToken)
    {
        if (!_modelDescriptions.TryGetValue(name, out var description))
        {
            description = await TryAsync(() => _sageMaker.DescribeModelAsync(new DescribeModelRequest { ModelName = name }, cancellationToken)).ConfigureAwait(false);
            _modelDescriptions[name] = description;
        }

        return description;
    }

    private async Task<IReadOnlyList<Tag>> ListTagsAsync(string arn, CancellationToken cancellationToken)
    {
        var tags = new List<Tag>();
        try
        {
            await foreach (var tag in _sageMaker.ListTagsAsync(new ListTagsRequest { ResourceArn = arn }, cancellationToken).ConfigureAwait(false))
            {
                tags.Add(tag);
            }
        }
        catch (MlOpsException e) when (ResourceErrors.IsNotFound(e))
        {
            return [];
        }

        return tags;
    }

    private static async Task<T?> TryAsync<T>(Func<Task<T>> read)
        where T : class
    {
        try
        {
            return await read().ConfigureAwait(false);
        }
        catch (MlOpsException e) when (ResourceErrors.IsNotFound(e))
        {
            return null;
        }
    }
}
