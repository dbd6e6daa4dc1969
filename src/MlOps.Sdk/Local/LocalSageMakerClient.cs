using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
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

    // Set only when the public constructor composed the components, in a container this client then owns.
    private readonly ServiceProvider? components;

    /// <summary>Creates the client over the home folder the options name.</summary>
    /// <param name="options">Local-mode settings.</param>
    /// <param name="timeProvider">The clock; the system clock when omitted.</param>
    /// <param name="logger">Receives progress and failures; nothing is logged when omitted.</param>
    public LocalSageMakerClient(IOptions<LocalOptions> options, TimeProvider? timeProvider = null, ILogger<LocalSageMakerClient>? logger = null)
        : this(LocalServiceRegistration.BuildComponents(options ?? throw new ArgumentNullException(nameof(options)), timeProvider, logger))
    {
    }

    private LocalSageMakerClient(ServiceProvider components)
        : this(
            components.GetRequiredService<LocalStateStore>(),
            components.GetRequiredService<LocalArns>(),
            components.GetRequiredService<LocalTrainingJobs>(),
            components.GetRequiredService<LocalModelRegistry>(),
            components.GetRequiredService<LocalModels>(),
            components.GetRequiredService<LocalEndpoints>())
    {
        this.components = components;
    }

    /// <summary>Composes the client over components that someone else owns (how dependency injection builds it).</summary>
    internal LocalSageMakerClient(LocalStateStore state, LocalArns arns, LocalTrainingJobs training, LocalModelRegistry registry, LocalModels models, LocalEndpoints endpoints)
    {
        this.state = state;
        this.training = training;
        this.registry = registry;
        this.models = models;
        this.endpoints = endpoints;
        Arns = arns;
    }

    internal LocalArns Arns { get; }

    internal LocalStateStore State => state;

    internal LocalEndpoints Endpoints => endpoints;

    internal LocalTrainingJobs Training => training;

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

    /// <summary>Releases the components this client composed itself (the health checks' HTTP client among them); the training jobs and model servers it started keep running.</summary>
    public void Dispose() => components?.Dispose();
}
