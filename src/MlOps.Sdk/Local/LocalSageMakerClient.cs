using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MlOps.Sdk.SageMaker;

namespace MlOps.Sdk.Local;

/// <summary>
/// The SageMaker control plane on one machine: training jobs and endpoints run as local processes, and every resource
/// lives in the SQLite state of the home folder, so any process on the machine sees the same state.
/// </summary>
public sealed partial class LocalSageMakerClient : SageMakerClientBase, IDisposable
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
    protected override async Task<AddTagsResponse> AddTagsCoreAsync(AddTagsRequest request, CancellationToken cancellationToken)
    {
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
    protected override async IAsyncEnumerable<Tag> ListTagsCoreAsync(ListTagsRequest request, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
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
}
