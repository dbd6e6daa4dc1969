using MlOps.Sdk.LocalWire.Protocol;
using MlOps.Sdk.SageMaker;

namespace MlOps.Sdk.LocalWire.SageMaker;

/// <summary>
/// The SageMaker control plane (<c>X-Amz-Target: SageMaker.&lt;Operation&gt;</c>): every operation of the
/// <see cref="ISageMakerClient"/> port, each answered by the port's local adapter, so the server, the SDK in local mode
/// and any other process on the machine share one state.
/// </summary>
internal static class SageMakerOperations
{
    /// <summary>The service's <c>X-Amz-Target</c> prefix.</summary>
    public const string TargetPrefix = "SageMaker";

    // SageMaker's listings: MaxResults 1..100, 10 when not given (the API reference of each List operation).
    private static readonly ListPaging Paging = new("NextToken", "MaxResults", 10, 100, "ValidationException");

    // ListTags pages by 50 when not given (ListTagsMaxResults is 50..100).
    private static readonly ListPaging TagPaging = new("NextToken", "MaxResults", 50, 100, "ValidationException");

    /// <summary>Binds the operations to a client.</summary>
    /// <param name="client">The local SageMaker adapter.</param>
    /// <returns>The table.</returns>
    public static JsonOperationTable Create(ISageMakerClient client) =>
        new JsonOperationTable(TargetPrefix, "ValidationException")
            .Operation<CreateTrainingJobRequest, CreateTrainingJobResponse>("CreateTrainingJob", client.CreateTrainingJobAsync)
            .Operation<DescribeTrainingJobRequest, DescribeTrainingJobResponse>("DescribeTrainingJob", client.DescribeTrainingJobAsync)
            .Command<StopTrainingJobRequest>("StopTrainingJob", client.StopTrainingJobAsync)
            .Listing<ListTrainingJobsRequest, TrainingJobSummary>("ListTrainingJobs", Paging, client.ListTrainingJobsAsync, (items, next) => new ListTrainingJobsResponse { TrainingJobSummaries = items, NextToken = next })
            .Operation<CreateModelPackageGroupRequest, CreateModelPackageGroupResponse>("CreateModelPackageGroup", client.CreateModelPackageGroupAsync)
            .Operation<DescribeModelPackageGroupRequest, DescribeModelPackageGroupResponse>("DescribeModelPackageGroup", client.DescribeModelPackageGroupAsync)
            .Listing<ListModelPackageGroupsRequest, ModelPackageGroupSummary>("ListModelPackageGroups", Paging, client.ListModelPackageGroupsAsync, (items, next) => new ListModelPackageGroupsResponse { ModelPackageGroupSummaryList = items, NextToken = next })
            .Command<DeleteModelPackageGroupRequest>("DeleteModelPackageGroup", client.DeleteModelPackageGroupAsync)
            .Operation<CreateModelPackageRequest, CreateModelPackageResponse>("CreateModelPackage", client.CreateModelPackageAsync)
            .Operation<DescribeModelPackageRequest, DescribeModelPackageResponse>("DescribeModelPackage", client.DescribeModelPackageAsync)
            .Operation<UpdateModelPackageRequest, UpdateModelPackageResponse>("UpdateModelPackage", client.UpdateModelPackageAsync)
            .Listing<ListModelPackagesRequest, ModelPackageSummary>("ListModelPackages", Paging, client.ListModelPackagesAsync, (items, next) => new ListModelPackagesResponse { ModelPackageSummaryList = items, NextToken = next })
            .Command<DeleteModelPackageRequest>("DeleteModelPackage", client.DeleteModelPackageAsync)
            .Operation<CreateModelRequest, CreateModelResponse>("CreateModel", client.CreateModelAsync)
            .Operation<DescribeModelRequest, DescribeModelResponse>("DescribeModel", client.DescribeModelAsync)
            .Command<DeleteModelRequest>("DeleteModel", client.DeleteModelAsync)
            .Listing<ListModelsRequest, ModelSummary>("ListModels", Paging, client.ListModelsAsync, (items, next) => new ListModelsResponse { Models = items, NextToken = next })
            .Operation<CreateEndpointConfigRequest, CreateEndpointConfigResponse>("CreateEndpointConfig", client.CreateEndpointConfigAsync)
            .Operation<DescribeEndpointConfigRequest, DescribeEndpointConfigResponse>("DescribeEndpointConfig", client.DescribeEndpointConfigAsync)
            .Command<DeleteEndpointConfigRequest>("DeleteEndpointConfig", client.DeleteEndpointConfigAsync)
            .Listing<ListEndpointConfigsRequest, EndpointConfigSummary>("ListEndpointConfigs", Paging, client.ListEndpointConfigsAsync, (items, next) => new ListEndpointConfigsResponse { EndpointConfigs = items, NextToken = next })
            .Operation<CreateEndpointRequest, CreateEndpointResponse>("CreateEndpoint", client.CreateEndpointAsync)
            .Operation<DescribeEndpointRequest, DescribeEndpointResponse>("DescribeEndpoint", client.DescribeEndpointAsync)
            .Operation<UpdateEndpointRequest, UpdateEndpointResponse>("UpdateEndpoint", client.UpdateEndpointAsync)
            .Command<DeleteEndpointRequest>("DeleteEndpoint", client.DeleteEndpointAsync)
            .Listing<ListEndpointsRequest, EndpointSummary>("ListEndpoints", Paging, client.ListEndpointsAsync, (items, next) => new ListEndpointsResponse { Endpoints = items, NextToken = next })
            .Operation<AddTagsRequest, AddTagsResponse>("AddTags", client.AddTagsAsync)
            .Listing<ListTagsRequest, Tag>("ListTags", TagPaging, client.ListTagsAsync, (items, next) => new ListTagsResponse { Tags = items, NextToken = next });
}
