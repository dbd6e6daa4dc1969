using System.Runtime.CompilerServices;
using MlOps.Sdk.SageMaker;

namespace MlOps.Sdk.Local;

/// <summary>Local models and endpoint configurations: records only, resolved when an endpoint starts.</summary>
internal sealed class LocalModels(LocalStateStore state, LocalImageRegistry images, LocalModelRegistry registry, LocalArns arns, TimeProvider timeProvider)
{
    internal async Task<CreateModelResponse> CreateModelAsync(CreateModelRequest request, CancellationToken cancellationToken)
    {
        var container = request.PrimaryContainer
            ?? throw new MlOpsValidationException("CreateModelRequest.PrimaryContainer", "is required in local mode");
        if (container.Environment?.GetValueOrDefault(LocalServerFleet.BindAddressVariable) is { } bindAddress)
        {
            LocalServerFleet.BindAddress(bindAddress, $"CreateModelRequest.PrimaryContainer.Environment[{LocalServerFleet.BindAddressVariable}]");
        }

        if (container.ModelPackageName is { Length: > 0 } packageName)
        {
            await registry.FindPackageAsync(packageName, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await images.ResolveAsync(container.Image, "CreateModelRequest.PrimaryContainer.Image", cancellationToken).ConfigureAwait(false);
        }

        var name = request.ModelName;
        var arn = arns.For(LocalResourceKind.Model, name);
        var now = LocalTimestamp.Now(timeProvider);
        var model = new DescribeModelResponse
        {
            ModelName = name,
            ModelArn = arn,
            PrimaryContainer = container,
            ExecutionRoleArn = request.ExecutionRoleArn,
            CreationTime = now,
            EnableNetworkIsolation = request.EnableNetworkIsolation,
        };
        await InsertAsync(LocalResourceKind.Model, name, arn, now, model, request.Tags, $"Cannot create already existing model \"{arn}\".", cancellationToken).ConfigureAwait(false);
        return new CreateModelResponse { ModelArn = arn };
    }

    internal async Task<DescribeModelResponse> DescribeModelAsync(DescribeModelRequest request, CancellationToken cancellationToken)
    {
        return await GetModelAsync(request.ModelName, cancellationToken).ConfigureAwait(false);
    }

    internal async Task<DescribeModelResponse> GetModelAsync(string name, CancellationToken cancellationToken) =>
        await state.GetAsync<DescribeModelResponse>(LocalResourceKind.Model, name, cancellationToken).ConfigureAwait(false)
        ?? throw LocalErrors.MissingAsValidation($"Could not find model \"{arns.For(LocalResourceKind.Model, name)}\".", name);

    internal async Task DeleteModelAsync(DeleteModelRequest request, CancellationToken cancellationToken)
    {
        if (!await state.WriteAsync(t => t.Delete(LocalResourceKind.Model, request.ModelName), cancellationToken).ConfigureAwait(false))
        {
            throw LocalErrors.MissingAsValidation($"Could not find model \"{arns.For(LocalResourceKind.Model, request.ModelName)}\".", request.ModelName);
        }
    }

    internal async IAsyncEnumerable<ModelSummary> ListModelsAsync(ListModelsRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var models = await state.ListAsync<DescribeModelResponse>(LocalResourceKind.Model, cancellationToken).ConfigureAwait(false);
        var query = models.Where(m =>
            (request.NameContains is null || m.ModelName.Contains(request.NameContains, StringComparison.OrdinalIgnoreCase))
            && LocalTimestamp.IsAfter(m.CreationTime, request.CreationTimeAfter)
            && LocalTimestamp.IsBefore(m.CreationTime, request.CreationTimeBefore));
        var ascending = request.SortOrder == "Ascending";
        query = request.SortBy == ModelSortKey.Name
            ? (ascending ? query.OrderBy(m => m.ModelName, StringComparer.Ordinal) : query.OrderByDescending(m => m.ModelName, StringComparer.Ordinal))
            : (ascending ? query.OrderBy(m => m.CreationTime) : query.OrderByDescending(m => m.CreationTime));
        foreach (var model in query)
        {
            yield return new ModelSummary { ModelName = model.ModelName, ModelArn = model.ModelArn, CreationTime = model.CreationTime };
        }
    }

    internal async Task<CreateEndpointConfigResponse> CreateConfigAsync(CreateEndpointConfigRequest request, CancellationToken cancellationToken)
    {
        for (var i = 0; i < request.ProductionVariants.Count; i++)
        {
            var variant = request.ProductionVariants[i];
            if (string.IsNullOrEmpty(variant.ModelName))
            {
                throw new MlOpsValidationException($"CreateEndpointConfigRequest.ProductionVariants[{i}].ModelName", "is required in local mode");
            }

            await GetModelAsync(variant.ModelName, cancellationToken).ConfigureAwait(false);
        }

        var name = request.EndpointConfigName;
        var arn = arns.For(LocalResourceKind.EndpointConfig, name);
        var now = LocalTimestamp.Now(timeProvider);
        var config = new DescribeEndpointConfigResponse
        {
            EndpointConfigName = name,
            EndpointConfigArn = arn,
            ProductionVariants = request.ProductionVariants,
            KmsKeyId = request.KmsKeyId,
            CreationTime = now,
        };
        await InsertAsync(LocalResourceKind.EndpointConfig, name, arn, now, config, request.Tags, $"Cannot create already existing endpoint configuration \"{arn}\".", cancellationToken).ConfigureAwait(false);
        return new CreateEndpointConfigResponse { EndpointConfigArn = arn };
    }

    internal async Task<DescribeEndpointConfigResponse> DescribeConfigAsync(DescribeEndpointConfigRequest request, CancellationToken cancellationToken)
    {
        return await GetConfigAsync(request.EndpointConfigName, cancellationToken).ConfigureAwait(false);
    }

    internal async Task<DescribeEndpointConfigResponse> GetConfigAsync(string name, CancellationToken cancellationToken) =>
        await state.GetAsync<DescribeEndpointConfigResponse>(LocalResourceKind.EndpointConfig, name, cancellationToken).ConfigureAwait(false)
        ?? throw LocalErrors.MissingAsValidation($"Could not find endpoint configuration \"{arns.For(LocalResourceKind.EndpointConfig, name)}\".", name);

    internal async Task DeleteConfigAsync(DeleteEndpointConfigRequest request, CancellationToken cancellationToken)
    {
        if (!await state.WriteAsync(t => t.Delete(LocalResourceKind.EndpointConfig, request.EndpointConfigName), cancellationToken).ConfigureAwait(false))
        {
            throw LocalErrors.MissingAsValidation($"Could not find endpoint configuration \"{arns.For(LocalResourceKind.EndpointConfig, request.EndpointConfigName)}\".", request.EndpointConfigName);
        }
    }

    internal async IAsyncEnumerable<EndpointConfigSummary> ListConfigsAsync(ListEndpointConfigsRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var configs = await state.ListAsync<DescribeEndpointConfigResponse>(LocalResourceKind.EndpointConfig, cancellationToken).ConfigureAwait(false);
        var query = configs.Where(c =>
            (request.NameContains is null || c.EndpointConfigName.Contains(request.NameContains, StringComparison.OrdinalIgnoreCase))
            && LocalTimestamp.IsAfter(c.CreationTime, request.CreationTimeAfter)
            && LocalTimestamp.IsBefore(c.CreationTime, request.CreationTimeBefore));
        var ascending = request.SortOrder == "Ascending";
        query = request.SortBy == EndpointConfigSortKey.Name
            ? (ascending ? query.OrderBy(c => c.EndpointConfigName, StringComparer.Ordinal) : query.OrderByDescending(c => c.EndpointConfigName, StringComparer.Ordinal))
            : (ascending ? query.OrderBy(c => c.CreationTime) : query.OrderByDescending(c => c.CreationTime));
        foreach (var config in query)
        {
            yield return new EndpointConfigSummary { EndpointConfigName = config.EndpointConfigName, EndpointConfigArn = config.EndpointConfigArn, CreationTime = config.CreationTime };
        }
    }

    private async Task InsertAsync<T>(string kind, string name, string arn, DateTimeOffset now, T doc, IReadOnlyList<Tag>? tags, string conflictMessage, CancellationToken cancellationToken)
    {
        var inserted = await state.WriteAsync(
            t =>
            {
                if (!t.TryInsert(kind, name, arn, now, doc))
                {
                    return false;
                }

                foreach (var tag in tags ?? [])
                {
                    t.SetTag(arn, tag.Key, tag.Value);
                }

                return true;
            },
            cancellationToken).ConfigureAwait(false);
        if (!inserted)
        {
            throw LocalErrors.ExistingAsValidation(conflictMessage, arn);
        }
    }
}
