using MlOps.Sdk.Endpoints;
using MlOps.Sdk.Naming;
using MlOps.Sdk.SageMaker;
using MlOps.Sdk.Storage;

namespace MlOps.Sdk.Cleanup;

/// <summary>
/// Works out one cleanup plan: reads endpoints, configs, models, model packages and releases, and sorts them into
/// deletions and protections. One instance per plan; not shared.
/// </summary>
internal sealed class CleanupPlanner
{
    private readonly ISageMakerClient _sageMaker;
    private readonly IArtifactStore _artifacts;
    private readonly CleanupPolicy _policy;
    private readonly DateTimeOffset _cutoff;
    private readonly List<CleanupAction> _actions = [];
    private readonly List<ProtectedResource> _protected = [];
    private readonly HashSet<string> _protectedConfigs = new(StringComparer.Ordinal);
    private bool? _groupManaged;

    internal CleanupPlanner(ISageMakerClient sageMaker, IArtifactStore artifacts, CleanupPolicy policy, DateTimeOffset cutoff)
    {
        _sageMaker = sageMaker;
        _artifacts = artifacts;
        _policy = policy;
        _cutoff = cutoff;
    }

    internal async Task<(IReadOnlyList<CleanupAction> Actions, IReadOnlyList<ProtectedResource> Protected)> PlanAsync(CancellationToken cancellationToken)
    {
        var deletedEndpointConfigs = await PlanEndpointsAsync(cancellationToken).ConfigureAwait(false);
        var modelsInUse = await PlanEndpointConfigsAsync(deletedEndpointConfigs, cancellationToken).ConfigureAwait(false);
        var packagesInUse = await PlanModelsAsync(modelsInUse, cancellationToken).ConfigureAwait(false);
        await PlanModelPackagesAsync(packagesInUse, cancellationToken).ConfigureAwait(false);
        foreach (var location in _policy.ReleaseLocations)
        {
            await PlanReleasesAsync(location, cancellationToken).ConfigureAwait(false);
        }

        return (_actions, _protected);
    }

    // Returns the configs served by the endpoints planned for deletion.
    private async Task<HashSet<string>> PlanEndpointsAsync(CancellationToken cancellationToken)
    {
        var endpoints = new List<EndpointSummary>();
        await foreach (var endpoint in _sageMaker.ListEndpointsAsync(new ListEndpointsRequest(), cancellationToken).ConfigureAwait(false))
        {
            endpoints.Add(endpoint);
        }

        var servedConfigs = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var endpoint in endpoints)
        {
            servedConfigs[endpoint.EndpointName] = (await TryAsync(() => _sageMaker.DescribeEndpointAsync(new DescribeEndpointRequest { EndpointName = endpoint.EndpointName }, cancellationToken)).ConfigureAwait(false))?.EndpointConfigName;
        }

        if (_policy.ProductionEndpointName is { } production && endpoints.FirstOrDefault(e => e.EndpointName == production) is { } prod)
        {
            _protected.Add(new(CleanupResourceKind.Endpoint, production, "the production endpoint"));
            if (servedConfigs[production] is { } served)
            {
                Protect(CleanupResourceKind.EndpointConfig, served, "served by the production endpoint");
                _protectedConfigs.Add(served);
            }

            var tags = await GetTagsAsync(CleanupResourceKind.Endpoint, production, prod.EndpointArn, cancellationToken).ConfigureAwait(false);
            if (tags.FirstOrDefault(t => t.Key == EndpointClient.PreviousEndpointConfigTagKey)?.Value is { Length: > 0 } previous)
            {
                Protect(CleanupResourceKind.EndpointConfig, previous, "the production endpoint's rollback target");
                _protectedConfigs.Add(previous);
            }
        }

        var deletedConfigs = new HashSet<string>(StringComparer.Ordinal);
        foreach (var endpoint in endpoints.Where(e => e.EndpointName != _policy.ProductionEndpointName))
        {
            var tags = await GetTagsAsync(CleanupResourceKind.Endpoint, endpoint.EndpointName, endpoint.EndpointArn, cancellationToken).ConfigureAwait(false);
            if (!ManagedTags.IsManaged(tags, _policy.Project))
            {
                continue;
            }

            if (tags.FirstOrDefault(t => t.Key == StandardTagKeys.ReleaseKind)?.Value != ReleaseKind.Candidate.ToText())
            {
                Protect(CleanupResourceKind.Endpoint, endpoint.EndpointName, "not a candidate endpoint");
                continue;
            }

            if (endpoint.LastModifiedTime >= _cutoff)
            {
                Protect(CleanupResourceKind.Endpoint, endpoint.EndpointName, $"changed within the retention period ({endpoint.LastModifiedTime:u})");
                continue;
            }

            _actions.Add(new(CleanupResourceKind.Endpoint, endpoint.EndpointName, endpoint.LastModifiedTime, $"candidate endpoint unchanged since {endpoint.LastModifiedTime:u}"));
            if (servedConfigs[endpoint.EndpointName] is { } config)
            {
                deletedConfigs.Add(config);
            }

            servedConfigs.Remove(endpoint.EndpointName);
        }

        foreach (var served in servedConfigs.Values.OfType<string>())
        {
            _protectedConfigs.Add(served);
            deletedConfigs.Remove(served);
        }

        return deletedConfigs;
    }

    // Returns the models used by every config that stays.
    private async Task<HashSet<string>> PlanEndpointConfigsAsync(HashSet<string> configsOfDeletedEndpoints, CancellationToken cancellationToken)
    {
        var modelsInUse = new HashSet<string>(StringComparer.Ordinal);
        var configs = new List<EndpointConfigSummary>();
        await foreach (var config in _sageMaker.ListEndpointConfigsAsync(new ListEndpointConfigsRequest(), cancellationToken).ConfigureAwait(false))
        {
            configs.Add(config);
        }

        foreach (var config in configs)
        {
            var description = await TryAsync(() => _sageMaker.DescribeEndpointConfigAsync(new DescribeEndpointConfigRequest { EndpointConfigName = config.EndpointConfigName }, cancellationToken)).ConfigureAwait(false);
            var models = description?.ProductionVariants.Select(v => v.ModelName).OfType<string>().ToList() ?? [];
            var goes = !_protectedConfigs.Contains(config.EndpointConfigName)
                && (configsOfDeletedEndpoints.Contains(config.EndpointConfigName) || config.CreationTime < _cutoff)
                && ManagedTags.IsManaged(await GetTagsAsync(CleanupResourceKind.EndpointConfig, config.EndpointConfigName, config.EndpointConfigArn, cancellationToken).ConfigureAwait(false), _policy.Project);
            if (goes)
            {
                var reason = configsOfDeletedEndpoints.Contains(config.EndpointConfigName)
                    ? "served an endpoint planned for deletion"
                    : $"served by no endpoint, created {config.CreationTime:u}";
                _actions.Add(new(CleanupResourceKind.EndpointConfig, config.EndpointConfigName, config.CreationTime, reason));
            }
            else
            {
                modelsInUse.UnionWith(models);
                if (_protectedConfigs.Contains(config.EndpointConfigName))
                {
                    foreach (var model in models)
                    {
                        Protect(CleanupResourceKind.Model, model, $"used by protected config {config.EndpointConfigName}");
                    }
                }
            }
        }

        return modelsInUse;
    }

    // Returns the model packages used by every model that stays.
    private async Task<HashSet<string>> PlanModelsAsync(HashSet<string> modelsInUse, CancellationToken cancellationToken)
    {
        var packagesInUse = new HashSet<string>(StringComparer.Ordinal);
        var models = new List<ModelSummary>();
        await foreach (var model in _sageMaker.ListModelsAsync(new ListModelsRequest(), cancellationToken).ConfigureAwait(false))
        {
            models.Add(model);
        }

        foreach (var model in models)
        {
            var goes = !modelsInUse.Contains(model.ModelName)
                && model.CreationTime < _cutoff
                && ManagedTags.IsManaged(await GetTagsAsync(CleanupResourceKind.Model, model.ModelName, model.ModelArn, cancellationToken).ConfigureAwait(false), _policy.Project);
            if (goes)
            {
                _actions.Add(new(CleanupResourceKind.Model, model.ModelName, model.CreationTime, $"used by no remaining endpoint config, created {model.CreationTime:u}"));
                continue;
            }

            if (_policy.ModelPackageGroupName is not null)
            {
                var description = await TryAsync(() => _sageMaker.DescribeModelAsync(new DescribeModelRequest { ModelName = model.ModelName }, cancellationToken)).ConfigureAwait(false);
                if (description?.PrimaryContainer?.ModelPackageName is { } package)
                {
                    packagesInUse.Add(package);
                }
            }
        }

        return packagesInUse;
    }

    private async Task PlanModelPackagesAsync(HashSet<string> packagesInUse, CancellationToken cancellationToken)
    {
        if (_policy.ModelPackageGroupName is not { } group)
        {
            return;
        }

        var versions = new List<ModelPackageSummary>();
        var request = new ListModelPackagesRequest { ModelPackageGroupName = group, ModelPackageType = ModelPackageType.Versioned };
        await foreach (var version in _sageMaker.ListModelPackagesAsync(request, cancellationToken).ConfigureAwait(false))
        {
            versions.Add(version);
        }

        var keptApproved = versions
            .Where(v => v.ModelApprovalStatus == ModelApprovalStatus.Approved)
            .OrderByDescending(v => v.ModelPackageVersion ?? 0)
            .ThenByDescending(v => v.CreationTime)
            .Take(_policy.KeepApprovedVersions)
            .Select(v => v.ModelPackageArn)
            .ToHashSet(StringComparer.Ordinal);
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
            else if (version.CreationTime < _cutoff && await IsGroupManagedAsync(group, cancellationToken).ConfigureAwait(false))
            {
                _actions.Add(new(CleanupResourceKind.ModelPackage, version.ModelPackageArn, version.CreationTime, $"{version.ModelApprovalStatus} version {version.ModelPackageVersion}, created {version.CreationTime:u}"));
            }
        }
    }

    // Versions of a group carry no tags (SageMaker refuses them): the group's tags say whose they are. Read once.
    private async Task<bool> IsGroupManagedAsync(string group, CancellationToken cancellationToken)
    {
        if (_groupManaged is { } known)
        {
            return known;
        }

        var description = await TryAsync(() => _sageMaker.DescribeModelPackageGroupAsync(new DescribeModelPackageGroupRequest { ModelPackageGroupName = group }, cancellationToken)).ConfigureAwait(false);
        _groupManaged = description is not null
            && ManagedTags.IsManaged(await GetTagsAsync(CleanupResourceKind.ModelPackage, group, description.ModelPackageGroupArn, cancellationToken).ConfigureAwait(false), _policy.Project);
        return _groupManaged.Value;
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

    private void Protect(CleanupResourceKind kind, string name, string reason)
    {
        if (!_protected.Any(p => p.Kind == kind && p.Name == name))
        {
            _protected.Add(new(kind, name, reason));
        }
    }

    // Tags that cannot be read mean the resource cannot be shown to be ours: it is kept, and the plan says why.
    private async Task<IReadOnlyList<Tag>> GetTagsAsync(CleanupResourceKind kind, string name, string arn, CancellationToken cancellationToken)
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
        catch (MlOpsException e) when (e is not MlOpsValidationException)
        {
            Protect(kind, name, $"its tags could not be read ({e.ErrorCode}: {e.Message})");
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
