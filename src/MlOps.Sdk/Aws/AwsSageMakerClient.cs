using MlOps.Sdk.SageMaker;

namespace MlOps.Sdk.Aws;

/// <summary>
/// The SageMaker control plane over AWS JSON 1.1 (<c>X-Amz-Target: SageMaker.&lt;Operation&gt;</c>), signed with SigV4 and
/// retried by the <c>MlOps.Aws.SageMaker</c> HTTP client.
/// </summary>
/// <remarks>
/// Every call validates its request first, so bad input never reaches the network. Lists page with <c>NextToken</c>
/// behind <see cref="IAsyncEnumerable{T}"/>. Service errors become <see cref="MlOpsException"/>s carrying AWS's error type.
/// </remarks>
internal sealed class AwsSageMakerClient : ISageMakerClient
{
    private const string TargetPrefix = "SageMaker";

    private readonly AwsJsonProtocolClient _json;

    public AwsSageMakerClient(IHttpClientFactory httpClientFactory, AwsEnvironment environment)
    {
        _json = new AwsJsonProtocolClient(httpClientFactory, environment, AwsService.SageMaker, TargetPrefix);
    }

    /// <inheritdoc />
    public Task<CreateTrainingJobResponse> CreateTrainingJobAsync(CreateTrainingJobRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        return _json.InvokeAsync<CreateTrainingJobResponse>("CreateTrainingJob", AwsJsonProtocolClient.Serialize(request), request.TrainingJobName, cancellationToken);
    }

    /// <inheritdoc />
    public Task<DescribeTrainingJobResponse> DescribeTrainingJobAsync(DescribeTrainingJobRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        return _json.InvokeAsync<DescribeTrainingJobResponse>("DescribeTrainingJob", AwsJsonProtocolClient.Serialize(request), request.TrainingJobName, cancellationToken);
    }

    /// <inheritdoc />
    public Task StopTrainingJobAsync(StopTrainingJobRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        return _json.InvokeAsync("StopTrainingJob", AwsJsonProtocolClient.Serialize(request), request.TrainingJobName, cancellationToken);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<TrainingJobSummary> ListTrainingJobsAsync(ListTrainingJobsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        return _json.PaginateAsync<ListTrainingJobsResponse, TrainingJobSummary>("ListTrainingJobs", AwsJsonProtocolClient.Serialize(request), "NextToken", page => page.TrainingJobSummaries, page => page.NextToken, cancellationToken);
    }

    /// <inheritdoc />
    public Task<CreateModelPackageGroupResponse> CreateModelPackageGroupAsync(CreateModelPackageGroupRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        return _json.InvokeAsync<CreateModelPackageGroupResponse>("CreateModelPackageGroup", AwsJsonProtocolClient.Serialize(request), request.ModelPackageGroupName, cancellationToken);
    }

    /// <inheritdoc />
    public Task<DescribeModelPackageGroupResponse> DescribeModelPackageGroupAsync(DescribeModelPackageGroupRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        return _json.InvokeAsync<DescribeModelPackageGroupResponse>("DescribeModelPackageGroup", AwsJsonProtocolClient.Serialize(request), request.ModelPackageGroupName, cancellationToken);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<ModelPackageGroupSummary> ListModelPackageGroupsAsync(ListModelPackageGroupsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        return _json.PaginateAsync<ListModelPackageGroupsResponse, ModelPackageGroupSummary>("ListModelPackageGroups", AwsJsonProtocolClient.Serialize(request), "NextToken", page => page.ModelPackageGroupSummaryList, page => page.NextToken, cancellationToken);
    }

    /// <inheritdoc />
    public Task DeleteModelPackageGroupAsync(DeleteModelPackageGroupRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        return _json.InvokeAsync("DeleteModelPackageGroup", AwsJsonProtocolClient.Serialize(request), request.ModelPackageGroupName, cancellationToken);
    }

    /// <inheritdoc />
    public Task<CreateModelPackageResponse> CreateModelPackageAsync(CreateModelPackageRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        return _json.InvokeAsync<CreateModelPackageResponse>("CreateModelPackage", AwsJsonProtocolClient.Serialize(request), request.ModelPackageGroupName, cancellationToken);
    }

    /// <inheritdoc />
    public Task<DescribeModelPackageResponse> DescribeModelPackageAsync(DescribeModelPackageRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        return _json.InvokeAsync<DescribeModelPackageResponse>("DescribeModelPackage", AwsJsonProtocolClient.Serialize(request), request.ModelPackageName, cancellationToken);
    }

    /// <inheritdoc />
    public Task<UpdateModelPackageResponse> UpdateModelPackageAsync(UpdateModelPackageRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        return _json.InvokeAsync<UpdateModelPackageResponse>("UpdateModelPackage", AwsJsonProtocolClient.Serialize(request), request.ModelPackageArn, cancellationToken);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<ModelPackageSummary> ListModelPackagesAsync(ListModelPackagesRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        return _json.PaginateAsync<ListModelPackagesResponse, ModelPackageSummary>("ListModelPackages", AwsJsonProtocolClient.Serialize(request), "NextToken", page => page.ModelPackageSummaryList, page => page.NextToken, cancellationToken);
    }

    /// <inheritdoc />
    public Task DeleteModelPackageAsync(DeleteModelPackageRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        return _json.InvokeAsync("DeleteModelPackage", AwsJsonProtocolClient.Serialize(request), request.ModelPackageName, cancellationToken);
    }

    /// <inheritdoc />
    public Task<CreateModelResponse> CreateModelAsync(CreateModelRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        return _json.InvokeAsync<CreateModelResponse>("CreateModel", AwsJsonProtocolClient.Serialize(request), request.ModelName, cancellationToken);
    }

    /// <inheritdoc />
    public Task<DescribeModelResponse> DescribeModelAsync(DescribeModelRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        return _json.InvokeAsync<DescribeModelResponse>("DescribeModel", AwsJsonProtocolClient.Serialize(request), request.ModelName, cancellationToken);
    }

    /// <inheritdoc />
    public Task DeleteModelAsync(DeleteModelRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        return _json.InvokeAsync("DeleteModel", AwsJsonProtocolClient.Serialize(request), request.ModelName, cancellationToken);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<ModelSummary> ListModelsAsync(ListModelsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        return _json.PaginateAsync<ListModelsResponse, ModelSummary>("ListModels", AwsJsonProtocolClient.Serialize(request), "NextToken", page => page.Models, page => page.NextToken, cancellationToken);
    }

    /// <inheritdoc />
    public Task<CreateEndpointConfigResponse> CreateEndpointConfigAsync(CreateEndpointConfigRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        return _json.InvokeAsync<CreateEndpointConfigResponse>("CreateEndpointConfig", AwsJsonProtocolClient.Serialize(request), request.EndpointConfigName, cancellationToken);
    }

    /// <inheritdoc />
    public Task<DescribeEndpointConfigResponse> DescribeEndpointConfigAsync(DescribeEndpointConfigRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        return _json.InvokeAsync<DescribeEndpointConfigResponse>("DescribeEndpointConfig", AwsJsonProtocolClient.Serialize(request), request.EndpointConfigName, cancellationToken);
    }

    /// <inheritdoc />
    public Task DeleteEndpointConfigAsync(DeleteEndpointConfigRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        return _json.InvokeAsync("DeleteEndpointConfig", AwsJsonProtocolClient.Serialize(request), request.EndpointConfigName, cancellationToken);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<EndpointConfigSummary> ListEndpointConfigsAsync(ListEndpointConfigsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        return _json.PaginateAsync<ListEndpointConfigsResponse, EndpointConfigSummary>("ListEndpointConfigs", AwsJsonProtocolClient.Serialize(request), "NextToken", page => page.EndpointConfigs, page => page.NextToken, cancellationToken);
    }

    /// <inheritdoc />
    public Task<CreateEndpointResponse> CreateEndpointAsync(CreateEndpointRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        return _json.InvokeAsync<CreateEndpointResponse>("CreateEndpoint", AwsJsonProtocolClient.Serialize(request), request.EndpointName, cancellationToken);
    }

    /// <inheritdoc />
    public Task<DescribeEndpointResponse> DescribeEndpointAsync(DescribeEndpointRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        return _json.InvokeAsync<DescribeEndpointResponse>("DescribeEndpoint", AwsJsonProtocolClient.Serialize(request), request.EndpointName, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<UpdateEndpointResponse> UpdateEndpointAsync(UpdateEndpointRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        if (request.NeedsEndpointConfig())
        {
            // A canary or linear step in instances is bounded by the new config's instance count: read it first.
            var config = await DescribeEndpointConfigAsync(new DescribeEndpointConfigRequest { EndpointConfigName = request.EndpointConfigName }, cancellationToken).ConfigureAwait(false);
            request.ValidateAgainstConfig(config);
        }

        return await _json.InvokeAsync<UpdateEndpointResponse>("UpdateEndpoint", AwsJsonProtocolClient.Serialize(request), request.EndpointName, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task DeleteEndpointAsync(DeleteEndpointRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        return _json.InvokeAsync("DeleteEndpoint", AwsJsonProtocolClient.Serialize(request), request.EndpointName, cancellationToken);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<EndpointSummary> ListEndpointsAsync(ListEndpointsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        return _json.PaginateAsync<ListEndpointsResponse, EndpointSummary>("ListEndpoints", AwsJsonProtocolClient.Serialize(request), "NextToken", page => page.Endpoints, page => page.NextToken, cancellationToken);
    }

    /// <inheritdoc />
    public Task<AddTagsResponse> AddTagsAsync(AddTagsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        return _json.InvokeAsync<AddTagsResponse>("AddTags", AwsJsonProtocolClient.Serialize(request), request.ResourceArn, cancellationToken);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<Tag> ListTagsAsync(ListTagsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        return _json.PaginateAsync<ListTagsResponse, Tag>("ListTags", AwsJsonProtocolClient.Serialize(request), "NextToken", page => page.Tags, page => page.NextToken, cancellationToken);
    }
}
