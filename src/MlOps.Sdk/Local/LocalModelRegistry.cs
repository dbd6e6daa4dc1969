using System.Runtime.CompilerServices;
using MlOps.Sdk.SageMaker;

namespace MlOps.Sdk.Local;

/// <summary>The local model registry: model package groups and their numbered versions, with SageMaker's approval statuses.</summary>
internal sealed class LocalModelRegistry(LocalStateStore state, LocalArns arns, TimeProvider timeProvider)
{
    internal async Task<CreateModelPackageGroupResponse> CreateGroupAsync(CreateModelPackageGroupRequest request, CancellationToken cancellationToken)
    {
        var name = request.ModelPackageGroupName;
        var arn = arns.For(LocalResourceKind.ModelPackageGroup, name);
        var now = LocalTimestamp.Now(timeProvider);
        var record = new LocalModelPackageGroupRecord
        {
            Description = new DescribeModelPackageGroupResponse
            {
                ModelPackageGroupName = name,
                ModelPackageGroupArn = arn,
                ModelPackageGroupDescription = request.ModelPackageGroupDescription,
                CreationTime = now,
                ModelPackageGroupStatus = ModelPackageGroupStatus.Completed,
            },
        };
        var inserted = await state.WriteAsync(
            t =>
            {
                if (!t.TryInsert(LocalResourceKind.ModelPackageGroup, name, arn, now, record))
                {
                    return false;
                }

                foreach (var tag in request.Tags ?? [])
                {
                    t.SetTag(arn, tag.Key, tag.Value);
                }

                return true;
            },
            cancellationToken).ConfigureAwait(false);
        if (!inserted)
        {
            throw LocalErrors.ExistingAsValidation($"Model Package Group already exists: {arn}", arn);
        }

        return new CreateModelPackageGroupResponse { ModelPackageGroupArn = arn };
    }

    internal async Task<DescribeModelPackageGroupResponse> DescribeGroupAsync(DescribeModelPackageGroupRequest request, CancellationToken cancellationToken)
    {
        var name = GroupName(request.ModelPackageGroupName);
        var record = await state.GetAsync<LocalModelPackageGroupRecord>(LocalResourceKind.ModelPackageGroup, name, cancellationToken).ConfigureAwait(false)
            ?? throw GroupNotFound(name);
        return record.Description;
    }

    internal async IAsyncEnumerable<ModelPackageGroupSummary> ListGroupsAsync(ListModelPackageGroupsRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var groups = await state.ListAsync<LocalModelPackageGroupRecord>(LocalResourceKind.ModelPackageGroup, cancellationToken).ConfigureAwait(false);
        var query = groups.Select(g => g.Description).Where(g =>
            (request.NameContains is null || g.ModelPackageGroupName.Contains(request.NameContains, StringComparison.OrdinalIgnoreCase))
            && LocalTimestamp.IsAfter(g.CreationTime, request.CreationTimeAfter)
            && LocalTimestamp.IsBefore(g.CreationTime, request.CreationTimeBefore));
        var descending = request.SortOrder == SortOrder.Descending;
        query = request.SortBy == ModelPackageGroupSortBy.Name
            ? (descending ? query.OrderByDescending(g => g.ModelPackageGroupName, StringComparer.Ordinal) : query.OrderBy(g => g.ModelPackageGroupName, StringComparer.Ordinal))
            : (descending ? query.OrderByDescending(g => g.CreationTime) : query.OrderBy(g => g.CreationTime));
        foreach (var group in query)
        {
            yield return new ModelPackageGroupSummary
            {
                ModelPackageGroupName = group.ModelPackageGroupName,
                ModelPackageGroupArn = group.ModelPackageGroupArn,
                ModelPackageGroupDescription = group.ModelPackageGroupDescription,
                CreationTime = group.CreationTime,
                ModelPackageGroupStatus = group.ModelPackageGroupStatus,
            };
        }
    }

    internal async Task DeleteGroupAsync(DeleteModelPackageGroupRequest request, CancellationToken cancellationToken)
    {
        var name = GroupName(request.ModelPackageGroupName);
        var outcome = await state.WriteAsync(
            t =>
            {
                if (t.Get<LocalModelPackageGroupRecord>(LocalResourceKind.ModelPackageGroup, name) is null)
                {
                    return "missing";
                }

                if (t.List<LocalModelPackageRecord>(LocalResourceKind.ModelPackage).Any(p => string.Equals(p.Description.ModelPackageGroupName, name, StringComparison.OrdinalIgnoreCase)))
                {
                    return "not-empty";
                }

                t.Delete(LocalResourceKind.ModelPackageGroup, name);
                return "deleted";
            },
            cancellationToken).ConfigureAwait(false);
        if (outcome == "missing")
        {
            throw GroupNotFound(name);
        }

        if (outcome == "not-empty")
        {
            throw LocalErrors.Conflict($"Model Package Group {name} still holds model packages: delete them before the group.", arns.For(LocalResourceKind.ModelPackageGroup, name));
        }
    }

    internal async Task<CreateModelPackageResponse> CreatePackageAsync(CreateModelPackageRequest request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(request.ModelPackageGroupName))
        {
            throw new MlOpsValidationException("CreateModelPackageRequest.ModelPackageGroupName", "is required: local mode registers versioned model packages only");
        }

        var groupName = GroupName(request.ModelPackageGroupName);
        var now = LocalTimestamp.Now(timeProvider);
        var arn = await state.WriteAsync(
            t =>
            {
                var group = t.Get<LocalModelPackageGroupRecord>(LocalResourceKind.ModelPackageGroup, groupName) ?? throw GroupNotFound(groupName);
                if (request.ClientToken is { Length: > 0 } token
                    && t.List<LocalModelPackageRecord>(LocalResourceKind.ModelPackage).FirstOrDefault(p => p.ClientToken == token && p.Description.ModelPackageGroupName == group.Description.ModelPackageGroupName) is { } existing)
                {
                    return existing.Description.ModelPackageArn;
                }

                var version = group.LastVersion + 1;
                var packageArn = arns.ModelPackage(group.Description.ModelPackageGroupName, version);
                var package = new LocalModelPackageRecord
                {
                    ClientToken = request.ClientToken,
                    Description = new DescribeModelPackageResponse
                    {
                        ModelPackageName = group.Description.ModelPackageGroupName,
                        ModelPackageGroupName = group.Description.ModelPackageGroupName,
                        ModelPackageVersion = version,
                        ModelPackageArn = packageArn,
                        ModelPackageDescription = request.ModelPackageDescription,
                        CreationTime = now,
                        InferenceSpecification = request.InferenceSpecification,
                        ModelPackageStatus = ModelPackageStatus.Completed,
                        ModelApprovalStatus = request.ModelApprovalStatus ?? ModelApprovalStatus.PendingManualApproval,
                        CustomerMetadataProperties = request.CustomerMetadataProperties,
                        LastModifiedTime = now,
                    },
                };
                t.Replace(LocalResourceKind.ModelPackageGroup, groupName, group with { LastVersion = version });
                t.TryInsert(LocalResourceKind.ModelPackage, PackageKey(group.Description.ModelPackageGroupName, version), packageArn, now, package);
                foreach (var tag in request.Tags ?? [])
                {
                    t.SetTag(packageArn, tag.Key, tag.Value);
                }

                return packageArn;
            },
            cancellationToken).ConfigureAwait(false);
        return new CreateModelPackageResponse { ModelPackageArn = arn };
    }

    internal async Task<DescribeModelPackageResponse> DescribePackageAsync(DescribeModelPackageRequest request, CancellationToken cancellationToken)
    {
        return (await FindPackageAsync(request.ModelPackageName, cancellationToken).ConfigureAwait(false)).Description;
    }

    internal async Task<LocalModelPackageRecord> FindPackageAsync(string nameOrArn, CancellationToken cancellationToken)
    {
        var record = await state.ReadAsync(t => t.GetByArn<LocalModelPackageRecord>(LocalResourceKind.ModelPackage, nameOrArn), cancellationToken).ConfigureAwait(false);
        return record ?? throw LocalErrors.MissingAsValidation($"ModelPackage {nameOrArn} does not exist.", nameOrArn);
    }

    internal async Task<UpdateModelPackageResponse> UpdatePackageAsync(UpdateModelPackageRequest request, CancellationToken cancellationToken)
    {
        var now = LocalTimestamp.Now(timeProvider);
        var updated = await state.WriteAsync(
            t =>
            {
                var record = t.GetByArn<LocalModelPackageRecord>(LocalResourceKind.ModelPackage, request.ModelPackageArn);
                if (record is null)
                {
                    return null;
                }

                var metadata = new Dictionary<string, string>(record.Description.CustomerMetadataProperties ?? new Dictionary<string, string>(), StringComparer.Ordinal);
                foreach (var key in request.CustomerMetadataPropertiesToRemove ?? [])
                {
                    metadata.Remove(key);
                }

                foreach (var (key, value) in request.CustomerMetadataProperties ?? new Dictionary<string, string>())
                {
                    metadata[key] = value;
                }

                var next = record with
                {
                    Description = record.Description with
                    {
                        ModelApprovalStatus = request.ModelApprovalStatus ?? record.Description.ModelApprovalStatus,
                        ApprovalDescription = request.ApprovalDescription ?? record.Description.ApprovalDescription,
                        CustomerMetadataProperties = metadata.Count == 0 ? null : metadata,
                        LastModifiedTime = now,
                    },
                };
                t.Replace(LocalResourceKind.ModelPackage, PackageKey(record.Description.ModelPackageGroupName!, record.Description.ModelPackageVersion ?? 0), next);
                return next;
            },
            cancellationToken).ConfigureAwait(false);
        if (updated is null)
        {
            throw LocalErrors.MissingAsValidation($"ModelPackage {request.ModelPackageArn} does not exist.", request.ModelPackageArn);
        }

        return new UpdateModelPackageResponse { ModelPackageArn = updated.Description.ModelPackageArn };
    }

    internal async IAsyncEnumerable<ModelPackageSummary> ListPackagesAsync(ListModelPackagesRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var packages = await state.ListAsync<LocalModelPackageRecord>(LocalResourceKind.ModelPackage, cancellationToken).ConfigureAwait(false);
        var group = request.ModelPackageGroupName is null ? null : GroupName(request.ModelPackageGroupName);
        var query = packages.Select(p => p.Description).Where(p =>
            (group is null || string.Equals(p.ModelPackageGroupName, group, StringComparison.OrdinalIgnoreCase))
            && request.ModelPackageType != ModelPackageType.Unversioned
            && (request.ModelApprovalStatus is null || p.ModelApprovalStatus == request.ModelApprovalStatus)
            && (request.NameContains is null || p.ModelPackageName.Contains(request.NameContains, StringComparison.OrdinalIgnoreCase))
            && LocalTimestamp.IsAfter(p.CreationTime, request.CreationTimeAfter)
            && LocalTimestamp.IsBefore(p.CreationTime, request.CreationTimeBefore));
        var descending = request.SortOrder == SortOrder.Descending;
        query = request.SortBy == ModelPackageSortBy.Name
            ? (descending ? query.OrderByDescending(p => p.ModelPackageName, StringComparer.Ordinal).ThenByDescending(p => p.ModelPackageVersion) : query.OrderBy(p => p.ModelPackageName, StringComparer.Ordinal).ThenBy(p => p.ModelPackageVersion))
            : (descending ? query.OrderByDescending(p => p.CreationTime).ThenByDescending(p => p.ModelPackageVersion) : query.OrderBy(p => p.CreationTime).ThenBy(p => p.ModelPackageVersion));
        foreach (var package in query)
        {
            yield return new ModelPackageSummary
            {
                ModelPackageName = package.ModelPackageName,
                ModelPackageGroupName = package.ModelPackageGroupName,
                ModelPackageVersion = package.ModelPackageVersion,
                ModelPackageArn = package.ModelPackageArn,
                ModelPackageDescription = package.ModelPackageDescription,
                CreationTime = package.CreationTime,
                ModelPackageStatus = package.ModelPackageStatus,
                ModelApprovalStatus = package.ModelApprovalStatus,
            };
        }
    }

    internal async Task DeletePackageAsync(DeleteModelPackageRequest request, CancellationToken cancellationToken)
    {
        var deleted = await state.WriteAsync(
            t =>
            {
                var record = t.GetByArn<LocalModelPackageRecord>(LocalResourceKind.ModelPackage, request.ModelPackageName);
                return record is not null && t.Delete(LocalResourceKind.ModelPackage, PackageKey(record.Description.ModelPackageGroupName!, record.Description.ModelPackageVersion ?? 0));
            },
            cancellationToken).ConfigureAwait(false);
        if (!deleted)
        {
            throw LocalErrors.MissingAsValidation($"ModelPackage {request.ModelPackageName} does not exist.", request.ModelPackageName);
        }
    }

    private static string PackageKey(string group, int version) => $"{group}/{version}";

    /// <summary>Group parameters accept a name or an ARN.</summary>
    private static string GroupName(string nameOrArn)
    {
        const string marker = ":model-package-group/";
        var index = nameOrArn.IndexOf(marker, StringComparison.Ordinal);
        return nameOrArn.StartsWith("arn:", StringComparison.Ordinal) && index > 0 ? nameOrArn[(index + marker.Length)..] : nameOrArn;
    }

    private MlOpsException GroupNotFound(string name) =>
        LocalErrors.MissingAsValidation($"Model Package Group {name} does not exist.", arns.For(LocalResourceKind.ModelPackageGroup, name));
}
