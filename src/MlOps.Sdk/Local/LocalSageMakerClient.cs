using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MlOps.Sdk.SageMaker;

namespace MlOps.Sdk.Local;

/// <summary>
/// The SageMaker control plane on one machine: training jobs and endpoints run as local processes, and every resource
/// lives in the SQLite state of the home folder, so any process on the machine sees the same state.
/// </summary>
public sealed class LocalSageMakerClient : ISageMakerClient, IDisposable
{
    private readonly LocalStateStore state;
    private readonly LocalTrainingJobs training;
    private readonly LocalModelRegistry registry;
    private readonly LocalModels models;
    private readonly LocalEndpoints endpoints;
    private readonly HttpClient http;

    /// <summary>Creates the client over the home folder the options name.</summary>
    /// <param name="options">Local-mode settings.</param>
    /// <param name="timeProvider">The clock; the system clock when omitted.</param>
    /// <param name="logger">Receives progress and failures; nothing is logged when omitted.</param>
    public LocalSageMakerClient(IOptions<LocalOptions> options, TimeProvider? timeProvider = null, ILogger<LocalSageMakerClient>? logger = null)
        : this(options ?? throw new ArgumentNullException(nameof(options)), new LocalStateStore(options), timeProvider, logger)
    {
    }

    /// <summary>Composes the client over the process's one state store (how dependency injection builds it).</summary>
    internal LocalSageMakerClient(IOptions<LocalOptions> options, LocalStateStore state, TimeProvider? timeProvider, ILogger<LocalSageMakerClient>? logger)
    {
        var settings = options.Value;
        var clock = timeProvider ?? TimeProvider.System;
        var log = (ILogger?)logger ?? NullLogger.Instance;
        this.state = state;
        var arns = new LocalArns(settings.ResolveRegion(), settings.AccountId);
        var artifacts = new LocalArtifactStore(options);
        var images = new LocalImageRegistry(state, arns, clock);
        http = LocalHttp.CreateClient();
        training = new LocalTrainingJobs(state, images, arns, settings, new LocalTrainingChannels(artifacts), new LocalTrainingOutputs(artifacts), clock, log);
        registry = new LocalModelRegistry(state, arns, clock);
        models = new LocalModels(state, images, registry, arns, clock);
        var fleet = new LocalServerFleet(state.Home, artifacts, images, registry, models, settings, http, clock, log);
        endpoints = new LocalEndpoints(state, models, arns, settings, fleet, new LocalEndpointTransitions(clock, log), clock, log);
        Arns = arns;
    }

    internal LocalArns Arns { get; }

    internal LocalStateStore State => state;

    internal LocalEndpoints Endpoints => endpoints;

    /// <inheritdoc />
    public Task<CreateTrainingJobResponse> CreateTrainingJobAsync(CreateTrainingJobRequest request, CancellationToken cancellationToken = default) =>
        training.CreateAsync(Checked(request), cancellationToken);

    /// <inheritdoc />
    public Task<DescribeTrainingJobResponse> DescribeTrainingJobAsync(DescribeTrainingJobRequest request, CancellationToken cancellationToken = default) =>
        training.DescribeAsync(Checked(request), cancellationToken);

    /// <inheritdoc />
    public Task StopTrainingJobAsync(StopTrainingJobRequest request, CancellationToken cancellationToken = default) =>
        training.StopAsync(Checked(request), cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<TrainingJobSummary> ListTrainingJobsAsync(ListTrainingJobsRequest request, CancellationToken cancellationToken = default) =>
        training.ListAsync(Checked(request), cancellationToken);

    /// <inheritdoc />
    public Task<CreateModelPackageGroupResponse> CreateModelPackageGroupAsync(CreateModelPackageGroupRequest request, CancellationToken cancellationToken = default) =>
        registry.CreateGroupAsync(Checked(request), cancellationToken);

    /// <inheritdoc />
    public Task<DescribeModelPackageGroupResponse> DescribeModelPackageGroupAsync(DescribeModelPackageGroupRequest request, CancellationToken cancellationToken = default) =>
        registry.DescribeGroupAsync(Checked(request), cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<ModelPackageGroupSummary> ListModelPackageGroupsAsync(ListModelPackageGroupsRequest request, CancellationToken cancellationToken = default) =>
        registry.ListGroupsAsync(Checked(request), cancellationToken);

    /// <inheritdoc />
    public Task DeleteModelPackageGroupAsync(DeleteModelPackageGroupRequest request, CancellationToken cancellationToken = default) =>
        registry.DeleteGroupAsync(Checked(request), cancellationToken);

    /// <inheritdoc />
    public Task<CreateModelPackageResponse> CreateModelPackageAsync(CreateModelPackageRequest request, CancellationToken cancellationToken = default) =>
        registry.CreatePackageAsync(Checked(request), cancellationToken);

    /// <inheritdoc />
    public Task<DescribeModelPackageResponse> DescribeModelPackageAsync(DescribeModelPackageRequest request, CancellationToken cancellationToken = default) =>
        registry.DescribePackageAsync(Checked(request), cancellationToken);

    /// <inheritdoc />
    public Task<UpdateModelPackageResponse> UpdateModelPackageAsync(UpdateModelPackageRequest request, CancellationToken cancellationToken = default) =>
        registry.UpdatePackageAsync(Checked(request), cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<ModelPackageSummary> ListModelPackagesAsync(ListModelPackagesRequest request, CancellationToken cancellationToken = default) =>
        registry.ListPackagesAsync(Checked(request), cancellationToken);

    /// <inheritdoc />
    public Task DeleteModelPackageAsync(DeleteModelPackageRequest request, CancellationToken cancellationToken = default) =>
        registry.DeletePackageAsync(Checked(request), cancellationToken);

    /// <inheritdoc />
    public Task<CreateModelResponse> CreateModelAsync(CreateModelRequest request, CancellationToken cancellationToken = default) =>
        models.CreateModelAsync(Checked(request), cancellationToken);

    /// <inheritdoc />
    public Task<DescribeModelResponse> DescribeModelAsync(DescribeModelRequest request, CancellationToken cancellationToken = default) =>
        models.DescribeModelAsync(Checked(request), cancellationToken);

    /// <inheritdoc />
    public Task DeleteModelAsync(DeleteModelRequest request, CancellationToken cancellationToken = default) =>
        models.DeleteModelAsync(Checked(request), cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<ModelSummary> ListModelsAsync(ListModelsRequest request, CancellationToken cancellationToken = default) =>
        models.ListModelsAsync(Checked(request), cancellationToken);

    /// <inheritdoc />
    public Task<CreateEndpointConfigResponse> CreateEndpointConfigAsync(CreateEndpointConfigRequest request, CancellationToken cancellationToken = default) =>
        models.CreateConfigAsync(Checked(request), cancellationToken);

    /// <inheritdoc />
    public Task<DescribeEndpointConfigResponse> DescribeEndpointConfigAsync(DescribeEndpointConfigRequest request, CancellationToken cancellationToken = default) =>
        models.DescribeConfigAsync(Checked(request), cancellationToken);

    /// <inheritdoc />
    public Task DeleteEndpointConfigAsync(DeleteEndpointConfigRequest request, CancellationToken cancellationToken = default) =>
        models.DeleteConfigAsync(Checked(request), cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<EndpointConfigSummary> ListEndpointConfigsAsync(ListEndpointConfigsRequest request, CancellationToken cancellationToken = default) =>
        models.ListConfigsAsync(Checked(request), cancellationToken);

    /// <inheritdoc />
    public Task<CreateEndpointResponse> CreateEndpointAsync(CreateEndpointRequest request, CancellationToken cancellationToken = default) =>
        endpoints.CreateAsync(Checked(request), cancellationToken);

    /// <inheritdoc />
    public Task<DescribeEndpointResponse> DescribeEndpointAsync(DescribeEndpointRequest request, CancellationToken cancellationToken = default) =>
        endpoints.DescribeAsync(Checked(request), cancellationToken);

    /// <inheritdoc />
    public Task<UpdateEndpointResponse> UpdateEndpointAsync(UpdateEndpointRequest request, CancellationToken cancellationToken = default) =>
        endpoints.UpdateAsync(Checked(request), cancellationToken);

    /// <inheritdoc />
    public Task DeleteEndpointAsync(DeleteEndpointRequest request, CancellationToken cancellationToken = default) =>
        endpoints.DeleteAsync(Checked(request), cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<EndpointSummary> ListEndpointsAsync(ListEndpointsRequest request, CancellationToken cancellationToken = default) =>
        endpoints.ListAsync(Checked(request), cancellationToken);

    /// <inheritdoc />
    public async Task<AddTagsResponse> AddTagsAsync(AddTagsRequest request, CancellationToken cancellationToken = default)
    {
        Checked(request).Validate();
        var found = await state.WriteAsync(
            t =>
            {
                if (!t.ArnExists(request.ResourceArn))
                {
                    return false;
                }

                foreach (var tag in request.Tags)
                {
                    t.SetTag(request.ResourceArn, tag.Key, tag.Value);
                }

                return true;
            },
            cancellationToken).ConfigureAwait(false);
        if (!found)
        {
            throw LocalErrors.NotFound($"Resource {request.ResourceArn} does not exist.", request.ResourceArn);
        }

        return new AddTagsResponse { Tags = request.Tags };
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<Tag> ListTagsAsync(ListTagsRequest request, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Checked(request).Validate();
        var (exists, tags) = await state.ReadAsync(t => (t.ArnExists(request.ResourceArn), t.ListTags(request.ResourceArn)), cancellationToken).ConfigureAwait(false);
        if (!exists)
        {
            throw LocalErrors.NotFound($"Resource {request.ResourceArn} does not exist.", request.ResourceArn);
        }

        foreach (var (key, value) in tags)
        {
            yield return new Tag { Key = key, Value = value };
        }
    }

    /// <summary>Releases the HTTP client used for health checks.</summary>
    public void Dispose() => http.Dispose();

    private static T Checked<T>(T request)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        return request;
    }
}
