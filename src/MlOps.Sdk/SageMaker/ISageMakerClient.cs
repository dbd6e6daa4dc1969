namespace MlOps.Sdk.SageMaker;

/// <summary>
/// The SageMaker control plane, as the high-level layers need it. Two adapters implement it: AWS (JSON 1.1 over HTTPS)
/// and local mode (processes and SQLite state).
/// </summary>
/// <remarks>
/// Every method validates its request (<c>request.Validate()</c>) before any call or side effect.
/// List methods page internally: callers never see a <c>NextToken</c>.
/// Failures are <see cref="MlOpsException"/>s whose <see cref="MlOpsException.ErrorCode"/> is AWS's error type
/// (for example <c>ResourceNotFound</c>, <c>ResourceInUse</c>, <c>ValidationException</c>).
/// </remarks>
public interface ISageMakerClient
{
    /// <summary>Starts a training job (<c>CreateTrainingJob</c>).</summary>
    /// <param name="request">The job to start.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The job's ARN.</returns>
    Task<CreateTrainingJobResponse> CreateTrainingJobAsync(CreateTrainingJobRequest request, CancellationToken cancellationToken = default);

    /// <summary>Describes a training job (<c>DescribeTrainingJob</c>).</summary>
    /// <param name="request">The job to describe.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The job's state.</returns>
    Task<DescribeTrainingJobResponse> DescribeTrainingJobAsync(DescribeTrainingJobRequest request, CancellationToken cancellationToken = default);

    /// <summary>Asks a running training job to stop (<c>StopTrainingJob</c>).</summary>
    /// <param name="request">The job to stop.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes once the stop was accepted.</returns>
    Task StopTrainingJobAsync(StopTrainingJobRequest request, CancellationToken cancellationToken = default);

    /// <summary>Lists training jobs (<c>ListTrainingJobs</c>), every page.</summary>
    /// <param name="request">Filters and sort order.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The matching jobs.</returns>
    IAsyncEnumerable<TrainingJobSummary> ListTrainingJobsAsync(ListTrainingJobsRequest request, CancellationToken cancellationToken = default);

    /// <summary>Creates a model package group (<c>CreateModelPackageGroup</c>).</summary>
    /// <param name="request">The group to create.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The group's ARN.</returns>
    Task<CreateModelPackageGroupResponse> CreateModelPackageGroupAsync(CreateModelPackageGroupRequest request, CancellationToken cancellationToken = default);

    /// <summary>Describes a model package group (<c>DescribeModelPackageGroup</c>).</summary>
    /// <param name="request">The group to describe.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The group.</returns>
    Task<DescribeModelPackageGroupResponse> DescribeModelPackageGroupAsync(DescribeModelPackageGroupRequest request, CancellationToken cancellationToken = default);

    /// <summary>Lists model package groups (<c>ListModelPackageGroups</c>), every page.</summary>
    /// <param name="request">Filters and sort order.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The matching groups.</returns>
    IAsyncEnumerable<ModelPackageGroupSummary> ListModelPackageGroupsAsync(ListModelPackageGroupsRequest request, CancellationToken cancellationToken = default);

    /// <summary>Deletes a model package group (<c>DeleteModelPackageGroup</c>).</summary>
    /// <param name="request">The group to delete.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes once the deletion was accepted.</returns>
    Task DeleteModelPackageGroupAsync(DeleteModelPackageGroupRequest request, CancellationToken cancellationToken = default);

    /// <summary>Registers a model package version (<c>CreateModelPackage</c>).</summary>
    /// <param name="request">The version to register.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The version's ARN.</returns>
    Task<CreateModelPackageResponse> CreateModelPackageAsync(CreateModelPackageRequest request, CancellationToken cancellationToken = default);

    /// <summary>Describes a model package (<c>DescribeModelPackage</c>).</summary>
    /// <param name="request">The package, by name or ARN.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The package.</returns>
    Task<DescribeModelPackageResponse> DescribeModelPackageAsync(DescribeModelPackageRequest request, CancellationToken cancellationToken = default);

    /// <summary>Updates a model package's approval status or metadata (<c>UpdateModelPackage</c>).</summary>
    /// <param name="request">The change.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The package's ARN.</returns>
    Task<UpdateModelPackageResponse> UpdateModelPackageAsync(UpdateModelPackageRequest request, CancellationToken cancellationToken = default);

    /// <summary>Lists model packages (<c>ListModelPackages</c>), every page.</summary>
    /// <param name="request">Filters and sort order.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The matching packages.</returns>
    IAsyncEnumerable<ModelPackageSummary> ListModelPackagesAsync(ListModelPackagesRequest request, CancellationToken cancellationToken = default);

    /// <summary>Deletes a model package (<c>DeleteModelPackage</c>).</summary>
    /// <param name="request">The package, by name or ARN.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes once the deletion was accepted.</returns>
    Task DeleteModelPackageAsync(DeleteModelPackageRequest request, CancellationToken cancellationToken = default);

    /// <summary>Creates a model (<c>CreateModel</c>).</summary>
    /// <param name="request">The model to create.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The model's ARN.</returns>
    Task<CreateModelResponse> CreateModelAsync(CreateModelRequest request, CancellationToken cancellationToken = default);

    /// <summary>Describes a model (<c>DescribeModel</c>).</summary>
    /// <param name="request">The model to describe.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The model.</returns>
    Task<DescribeModelResponse> DescribeModelAsync(DescribeModelRequest request, CancellationToken cancellationToken = default);

    /// <summary>Deletes a model (<c>DeleteModel</c>).</summary>
    /// <param name="request">The model to delete.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes once the deletion was accepted.</returns>
    Task DeleteModelAsync(DeleteModelRequest request, CancellationToken cancellationToken = default);

    /// <summary>Lists models (<c>ListModels</c>), every page.</summary>
    /// <param name="request">Filters and sort order.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The matching models.</returns>
    IAsyncEnumerable<ModelSummary> ListModelsAsync(ListModelsRequest request, CancellationToken cancellationToken = default);

    /// <summary>Creates an endpoint configuration (<c>CreateEndpointConfig</c>).</summary>
    /// <param name="request">The configuration to create.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The configuration's ARN.</returns>
    Task<CreateEndpointConfigResponse> CreateEndpointConfigAsync(CreateEndpointConfigRequest request, CancellationToken cancellationToken = default);

    /// <summary>Describes an endpoint configuration (<c>DescribeEndpointConfig</c>).</summary>
    /// <param name="request">The configuration to describe.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The configuration.</returns>
    Task<DescribeEndpointConfigResponse> DescribeEndpointConfigAsync(DescribeEndpointConfigRequest request, CancellationToken cancellationToken = default);

    /// <summary>Deletes an endpoint configuration (<c>DeleteEndpointConfig</c>).</summary>
    /// <param name="request">The configuration to delete.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes once the deletion was accepted.</returns>
    Task DeleteEndpointConfigAsync(DeleteEndpointConfigRequest request, CancellationToken cancellationToken = default);

    /// <summary>Lists endpoint configurations (<c>ListEndpointConfigs</c>), every page.</summary>
    /// <param name="request">Filters and sort order.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The matching configurations.</returns>
    IAsyncEnumerable<EndpointConfigSummary> ListEndpointConfigsAsync(ListEndpointConfigsRequest request, CancellationToken cancellationToken = default);

    /// <summary>Creates an endpoint (<c>CreateEndpoint</c>); it starts in <c>Creating</c>.</summary>
    /// <param name="request">The endpoint to create.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The endpoint's ARN.</returns>
    Task<CreateEndpointResponse> CreateEndpointAsync(CreateEndpointRequest request, CancellationToken cancellationToken = default);

    /// <summary>Describes an endpoint (<c>DescribeEndpoint</c>).</summary>
    /// <param name="request">The endpoint to describe.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The endpoint.</returns>
    Task<DescribeEndpointResponse> DescribeEndpointAsync(DescribeEndpointRequest request, CancellationToken cancellationToken = default);

    /// <summary>Moves an endpoint to another configuration (<c>UpdateEndpoint</c>); it goes to <c>Updating</c>.</summary>
    /// <param name="request">The endpoint, its new configuration and the deployment policy.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The endpoint's ARN.</returns>
    Task<UpdateEndpointResponse> UpdateEndpointAsync(UpdateEndpointRequest request, CancellationToken cancellationToken = default);

    /// <summary>Deletes an endpoint (<c>DeleteEndpoint</c>).</summary>
    /// <param name="request">The endpoint to delete.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes once the deletion was accepted.</returns>
    Task DeleteEndpointAsync(DeleteEndpointRequest request, CancellationToken cancellationToken = default);

    /// <summary>Lists endpoints (<c>ListEndpoints</c>), every page.</summary>
    /// <param name="request">Filters and sort order.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The matching endpoints.</returns>
    IAsyncEnumerable<EndpointSummary> ListEndpointsAsync(ListEndpointsRequest request, CancellationToken cancellationToken = default);

    /// <summary>Adds or overwrites tags on a resource (<c>AddTags</c>).</summary>
    /// <param name="request">The resource and its tags.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The tags now set.</returns>
    Task<AddTagsResponse> AddTagsAsync(AddTagsRequest request, CancellationToken cancellationToken = default);

    /// <summary>Lists a resource's tags (<c>ListTags</c>), every page.</summary>
    /// <param name="request">The resource.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The resource's tags.</returns>
    IAsyncEnumerable<Tag> ListTagsAsync(ListTagsRequest request, CancellationToken cancellationToken = default);
}
