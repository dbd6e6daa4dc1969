using System.Runtime.CompilerServices;
using MlOps.Sdk.SageMaker;

namespace MlOps.Sdk.Tests.Fakes;

/// <summary>
/// An in-memory SageMaker that behaves like the service where the layers can tell: statuses progress one step per
/// Describe call, errors carry AWS's codes and messages, names are unique, creation times come from the clock.
/// Every call is recorded in <see cref="Calls"/>.
/// </summary>
public sealed class FakeSageMakerClient : RecordingSageMakerClient
{
    public const string Account = "123456789012";
    public const string Region = "us-east-1";

    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private readonly Dictionary<string, TrainingJobState> _jobs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DescribeModelPackageGroupResponse> _groups = new(StringComparer.Ordinal);
    private readonly List<DescribeModelPackageResponse> _packages = [];
    private readonly Dictionary<string, string> _clientTokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DescribeModelResponse> _models = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DescribeEndpointConfigResponse> _configs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, EndpointState> _endpoints = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Tag>> _tags = new(StringComparer.Ordinal);

    public FakeSageMakerClient(TimeProvider time) => _time = time;

    /// <summary>How a training job ends, by job name; jobs not listed complete with <see cref="DefaultMetrics"/>.</summary>
    public Dictionary<string, (TrainingJobStatus Status, string? FailureReason)> TrainingOutcomes { get; } = new(StringComparer.Ordinal);

    /// <summary>The final metrics of a completed job, by job name; jobs not listed get <see cref="DefaultMetrics"/>.</summary>
    public Dictionary<string, Dictionary<string, double>> TrainingMetrics { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, double> DefaultMetrics { get; } = new() { ["accuracy"] = 0.9 };

    /// <summary>Endpoint configs whose fleet fails to start, with the reason SageMaker gives.</summary>
    public Dictionary<string, string> FailingEndpointConfigs { get; } = new(StringComparer.Ordinal);

    /// <summary>Endpoint configs whose update SageMaker rolls back on its own (an alarm fired).</summary>
    public HashSet<string> RolledBackEndpointConfigs { get; } = new(StringComparer.Ordinal);

    /// <summary>Resources whose ListTags fails with an internal error, as moto's does for model packages.</summary>
    public HashSet<string> UnreadableTagArns { get; } = new(StringComparer.Ordinal);

    /// <summary>How many Describe calls a transition takes.</summary>
    public int StepsPerTransition { get; set; } = 1;

    /// <summary>
    /// Called after each DescribeEndpoint, once its answer is taken and the endpoint has moved on, with the endpoint as it
    /// is now: the moment between two polls, in which a test can change the endpoint (another pipeline's deploy).
    /// </summary>
    public Action<DescribeEndpointResponse>? BetweenEndpointPolls { get; set; }

    public static string Arn(string type, string name) => $"arn:aws:sagemaker:{Region}:{Account}:{type}/{name.ToLowerInvariant()}";

    /// <summary>Moves an existing resource's creation (and, for endpoints, last change) time, to age it.</summary>
    public void Age(string name, TimeSpan by)
    {
        lock (_gate)
        {
            if (_endpoints.TryGetValue(name, out var e))
            {
                e.CreationTime -= by;
                e.LastModifiedTime -= by;
            }

            if (_configs.TryGetValue(name, out var c))
            {
                _configs[name] = c with { CreationTime = c.CreationTime - by };
            }

            if (_models.TryGetValue(name, out var m))
            {
                _models[name] = m with { CreationTime = m.CreationTime - by };
            }

            for (var i = 0; i < _packages.Count; i++)
            {
                if (_packages[i].ModelPackageArn == name)
                {
                    _packages[i] = _packages[i] with { CreationTime = _packages[i].CreationTime - by };
                }
            }
        }
    }

    /// <summary>Puts an endpoint directly in service on a config, as if deployed earlier by someone.</summary>
    public void SeedEndpoint(string name, string configName, EndpointStatus status = EndpointStatus.InService, IEnumerable<Tag>? tags = null)
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            _endpoints[name] = new EndpointState { Name = name, ConfigName = configName, Status = status, CreationTime = now, LastModifiedTime = now };
            _tags[Arn("endpoint", name)] = tags?.ToList() ?? [];
        }
    }

    public bool EndpointExists(string name)
    {
        lock (_gate)
        {
            return _endpoints.ContainsKey(name);
        }
    }

    public string? ServedConfig(string endpointName)
    {
        lock (_gate)
        {
            return _endpoints.TryGetValue(endpointName, out var e) && e.Status is EndpointStatus.InService or EndpointStatus.Updating or EndpointStatus.RollingBack ? e.ConfigName : null;
        }
    }

    public bool Exists(string kind, string name)
    {
        lock (_gate)
        {
            return kind switch
            {
                "model" => _models.ContainsKey(name),
                "endpoint-config" => _configs.ContainsKey(name),
                "endpoint" => _endpoints.ContainsKey(name),
                "model-package" => _packages.Any(p => p.ModelPackageArn == name),
                _ => throw new ArgumentOutOfRangeException(nameof(kind)),
            };
        }
    }

    /// <summary>Every existing resource that has tags, with its tags: what the tagging API's GetResources reads.</summary>
    public IReadOnlyList<(string Arn, IReadOnlyList<Tag> Tags)> TaggedResources()
    {
        lock (_gate)
        {
            var existing = _jobs.Values.Select(j => j.Arn)
                .Concat(_groups.Values.Select(g => g.ModelPackageGroupArn))
                .Concat(_packages.Select(p => p.ModelPackageArn))
                .Concat(_models.Values.Select(m => m.ModelArn))
                .Concat(_configs.Values.Select(c => c.EndpointConfigArn))
                .Concat(_endpoints.Keys.Select(name => Arn("endpoint", name)))
                .ToHashSet(StringComparer.Ordinal);
            return _tags.Where(t => t.Value.Count > 0 && existing.Contains(t.Key)).Select(t => (t.Key, (IReadOnlyList<Tag>)t.Value.ToList())).ToList();
        }
    }

    public IReadOnlyList<Tag> TagsOf(string arn)
    {
        lock (_gate)
        {
            return _tags.TryGetValue(arn, out var tags) ? tags.ToList() : [];
        }
    }

    public CreateTrainingJobRequest? LastTrainingRequest { get; private set; }

    public UpdateEndpointRequest? LastUpdateEndpointRequest { get; private set; }

    protected override Task<CreateTrainingJobResponse> OnCreateTrainingJobAsync(CreateTrainingJobRequest request, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var arn = Arn("training-job", request.TrainingJobName);
            if (_jobs.ContainsKey(request.TrainingJobName))
            {
                throw Error("ResourceInUse", $"Training job names must be unique within an AWS account and region, and a training job with this name already exists ({arn})");
            }

            LastTrainingRequest = request;
            _jobs[request.TrainingJobName] = new TrainingJobState { Request = request, Arn = arn, CreationTime = _time.GetUtcNow() };
            _tags[arn] = request.Tags?.ToList() ?? [];
            return Task.FromResult(new CreateTrainingJobResponse { TrainingJobArn = arn });
        }
    }

    protected override Task<DescribeTrainingJobResponse> OnDescribeTrainingJobAsync(DescribeTrainingJobRequest request, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_jobs.TryGetValue(request.TrainingJobName, out var job))
            {
                throw Error("ValidationException", "Requested resource not found.");
            }

            job.Advance(this);
            return Task.FromResult(job.Describe(this));
        }
    }

    protected override Task OnStopTrainingJobAsync(StopTrainingJobRequest request, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_jobs.TryGetValue(request.TrainingJobName, out var job))
            {
                throw Error("ValidationException", "Requested resource not found.");
            }

            job.StopRequested = true;
            return Task.CompletedTask;
        }
    }

    protected override IAsyncEnumerable<TrainingJobSummary> OnListTrainingJobsAsync(ListTrainingJobsRequest request, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var items = _jobs.Values
                .Where(j => request.NameContains is null || j.Request.TrainingJobName.Contains(request.NameContains, StringComparison.OrdinalIgnoreCase))
                .Select(j => new TrainingJobSummary { TrainingJobName = j.Request.TrainingJobName, TrainingJobArn = j.Arn, CreationTime = j.CreationTime, TrainingJobStatus = j.Status })
                .OrderByDescending(j => j.CreationTime)
                .ToList();
            return Yield(items);
        }
    }

    protected override Task<CreateModelPackageGroupResponse> OnCreateModelPackageGroupAsync(CreateModelPackageGroupRequest request, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var arn = Arn("model-package-group", request.ModelPackageGroupName);
            if (_groups.ContainsKey(request.ModelPackageGroupName))
            {
                throw Error("ValidationException", $"Model Package Group already exists: {arn}");
            }

            _groups[request.ModelPackageGroupName] = new DescribeModelPackageGroupResponse
            {
                ModelPackageGroupName = request.ModelPackageGroupName,
                ModelPackageGroupArn = arn,
                ModelPackageGroupDescription = request.ModelPackageGroupDescription,
                CreationTime = _time.GetUtcNow(),
                ModelPackageGroupStatus = ModelPackageGroupStatus.Completed,
            };
            _tags[arn] = request.Tags?.ToList() ?? [];
            return Task.FromResult(new CreateModelPackageGroupResponse { ModelPackageGroupArn = arn });
        }
    }

    protected override Task<DescribeModelPackageGroupResponse> OnDescribeModelPackageGroupAsync(DescribeModelPackageGroupRequest request, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return _groups.TryGetValue(request.ModelPackageGroupName, out var group)
                ? Task.FromResult(group)
                : throw Error("ValidationException", $"ModelPackageGroup {request.ModelPackageGroupName} does not exist.");
        }
    }

    protected override IAsyncEnumerable<ModelPackageGroupSummary> OnListModelPackageGroupsAsync(ListModelPackageGroupsRequest request, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Yield(_groups.Values.Select(g => new ModelPackageGroupSummary
            {
                ModelPackageGroupName = g.ModelPackageGroupName,
                ModelPackageGroupArn = g.ModelPackageGroupArn,
                CreationTime = g.CreationTime,
                ModelPackageGroupStatus = g.ModelPackageGroupStatus,
            }).ToList());
        }
    }

    protected override Task OnDeleteModelPackageGroupAsync(DeleteModelPackageGroupRequest request, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_groups.Remove(request.ModelPackageGroupName))
            {
                throw Error("ValidationException", $"ModelPackageGroup {request.ModelPackageGroupName} does not exist.");
            }

            return Task.CompletedTask;
        }
    }

    protected override Task<CreateModelPackageResponse> OnCreateModelPackageAsync(CreateModelPackageRequest request, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (request.ClientToken is { } token && _clientTokens.TryGetValue(token, out var existing))
            {
                return Task.FromResult(new CreateModelPackageResponse { ModelPackageArn = existing });
            }

            var group = request.ModelPackageGroupName!;
            if (!_groups.ContainsKey(group))
            {
                throw Error("ValidationException", $"Model Package Group {group} does not exist.");
            }

            var version = _packages.Count(p => p.ModelPackageGroupName == group) + 1;
            var arn = $"{Arn("model-package", group)}/{version}";
            _packages.Add(new DescribeModelPackageResponse
            {
                ModelPackageName = group,
                ModelPackageGroupName = group,
                ModelPackageVersion = version,
                ModelPackageArn = arn,
                ModelPackageDescription = request.ModelPackageDescription,
                CreationTime = _time.GetUtcNow(),
                InferenceSpecification = request.InferenceSpecification,
                ModelPackageStatus = ModelPackageStatus.Completed,
                ModelApprovalStatus = request.ModelApprovalStatus ?? ModelApprovalStatus.PendingManualApproval,
                CustomerMetadataProperties = request.CustomerMetadataProperties?.ToDictionary(),
            });
            _tags[arn] = request.Tags?.ToList() ?? [];
            if (request.ClientToken is { } t)
            {
                _clientTokens[t] = arn;
            }

            return Task.FromResult(new CreateModelPackageResponse { ModelPackageArn = arn });
        }
    }

    protected override Task<DescribeModelPackageResponse> OnDescribeModelPackageAsync(DescribeModelPackageRequest request, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(FindPackage(request.ModelPackageName));
        }
    }

    protected override Task<UpdateModelPackageResponse> OnUpdateModelPackageAsync(UpdateModelPackageRequest request, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var package = FindPackage(request.ModelPackageArn);
            var metadata = package.CustomerMetadataProperties?.ToDictionary() ?? [];
            foreach (var (key, value) in request.CustomerMetadataProperties ?? new Dictionary<string, string>())
            {
                metadata[key] = value;
            }

            foreach (var key in request.CustomerMetadataPropertiesToRemove ?? [])
            {
                metadata.Remove(key);
            }

            var updated = package with
            {
                ModelApprovalStatus = request.ModelApprovalStatus ?? package.ModelApprovalStatus,
                ApprovalDescription = request.ApprovalDescription ?? package.ApprovalDescription,
                CustomerMetadataProperties = metadata,
                LastModifiedTime = _time.GetUtcNow(),
            };
            _packages[_packages.IndexOf(package)] = updated;
            return Task.FromResult(new UpdateModelPackageResponse { ModelPackageArn = package.ModelPackageArn });
        }
    }

    protected override IAsyncEnumerable<ModelPackageSummary> OnListModelPackagesAsync(ListModelPackagesRequest request, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var items = _packages
                .Where(p => request.ModelPackageGroupName is null || p.ModelPackageGroupName == request.ModelPackageGroupName)
                .Where(p => request.ModelApprovalStatus is null || p.ModelApprovalStatus == request.ModelApprovalStatus)
                .Select(p => new ModelPackageSummary
                {
                    ModelPackageName = p.ModelPackageName,
                    ModelPackageGroupName = p.ModelPackageGroupName,
                    ModelPackageVersion = p.ModelPackageVersion,
                    ModelPackageArn = p.ModelPackageArn,
                    CreationTime = p.CreationTime,
                    ModelPackageStatus = p.ModelPackageStatus,
                    ModelApprovalStatus = p.ModelApprovalStatus,
                });
            items = request.SortOrder == SortOrder.Descending ? items.OrderByDescending(p => p.CreationTime) : items.OrderBy(p => p.CreationTime);
            return Yield(items.ToList());
        }
    }

    protected override Task OnDeleteModelPackageAsync(DeleteModelPackageRequest request, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _packages.Remove(FindPackage(request.ModelPackageName));
            return Task.CompletedTask;
        }
    }

    protected override Task<CreateModelResponse> OnCreateModelAsync(CreateModelRequest request, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var arn = Arn("model", request.ModelName);
            if (_models.ContainsKey(request.ModelName))
            {
                throw Error("ValidationException", $"Cannot create already existing model \"{arn}\".");
            }

            if (request.PrimaryContainer?.ModelPackageName is { } package)
            {
                FindPackage(package);
            }

            _models[request.ModelName] = new DescribeModelResponse
            {
                ModelName = request.ModelName,
                ModelArn = arn,
                PrimaryContainer = request.PrimaryContainer,
                ExecutionRoleArn = request.ExecutionRoleArn,
                CreationTime = _time.GetUtcNow(),
            };
            _tags[arn] = request.Tags?.ToList() ?? [];
            return Task.FromResult(new CreateModelResponse { ModelArn = arn });
        }
    }

    protected override Task<DescribeModelResponse> OnDescribeModelAsync(DescribeModelRequest request, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return _models.TryGetValue(request.ModelName, out var model)
                ? Task.FromResult(model)
                : throw Error("ValidationException", $"Could not find model \"{Arn("model", request.ModelName)}\".");
        }
    }

    protected override Task OnDeleteModelAsync(DeleteModelRequest request, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_models.Remove(request.ModelName))
            {
                throw Error("ValidationException", $"Could not find model \"{Arn("model", request.ModelName)}\".");
            }

            return Task.CompletedTask;
        }
    }

    protected override IAsyncEnumerable<ModelSummary> OnListModelsAsync(ListModelsRequest request, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Yield(_models.Values
                .Where(m => request.NameContains is null || m.ModelName.Contains(request.NameContains, StringComparison.OrdinalIgnoreCase))
                .Select(m => new ModelSummary { ModelName = m.ModelName, ModelArn = m.ModelArn, CreationTime = m.CreationTime })
                .ToList());
        }
    }

    protected override Task<CreateEndpointConfigResponse> OnCreateEndpointConfigAsync(CreateEndpointConfigRequest request, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var arn = Arn("endpoint-config", request.EndpointConfigName);
            if (_configs.ContainsKey(request.EndpointConfigName))
            {
                throw Error("ValidationException", $"Cannot create already existing endpoint configuration \"{arn}\".");
            }

            foreach (var variant in request.ProductionVariants)
            {
                if (variant.ModelName is { } model && !_models.ContainsKey(model))
                {
                    throw Error("ValidationException", $"Could not find model \"{Arn("model", model)}\".");
                }
            }

            _configs[request.EndpointConfigName] = new DescribeEndpointConfigResponse
            {
                EndpointConfigName = request.EndpointConfigName,
                EndpointConfigArn = arn,
                ProductionVariants = request.ProductionVariants,
                CreationTime = _time.GetUtcNow(),
            };
            _tags[arn] = request.Tags?.ToList() ?? [];
            return Task.FromResult(new CreateEndpointConfigResponse { EndpointConfigArn = arn });
        }
    }

    protected override Task<DescribeEndpointConfigResponse> OnDescribeEndpointConfigAsync(DescribeEndpointConfigRequest request, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return _configs.TryGetValue(request.EndpointConfigName, out var config)
                ? Task.FromResult(config)
                : throw Error("ValidationException", $"Could not find endpoint configuration \"{Arn("endpoint-config", request.EndpointConfigName)}\".");
        }
    }

    protected override Task OnDeleteEndpointConfigAsync(DeleteEndpointConfigRequest request, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_configs.Remove(request.EndpointConfigName))
            {
                throw Error("ValidationException", $"Could not find endpoint configuration \"{Arn("endpoint-config", request.EndpointConfigName)}\".");
            }

            return Task.CompletedTask;
        }
    }

    protected override IAsyncEnumerable<EndpointConfigSummary> OnListEndpointConfigsAsync(ListEndpointConfigsRequest request, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Yield(_configs.Values
                .Where(c => request.NameContains is null || c.EndpointConfigName.Contains(request.NameContains, StringComparison.OrdinalIgnoreCase))
                .Select(c => new EndpointConfigSummary { EndpointConfigName = c.EndpointConfigName, EndpointConfigArn = c.EndpointConfigArn, CreationTime = c.CreationTime })
                .ToList());
        }
    }

    protected override Task<CreateEndpointResponse> OnCreateEndpointAsync(CreateEndpointRequest request, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var arn = Arn("endpoint", request.EndpointName);
            if (_endpoints.ContainsKey(request.EndpointName))
            {
                throw Error("ValidationException", $"Cannot create already existing endpoint \"{arn}\".");
            }

            if (!_configs.ContainsKey(request.EndpointConfigName))
            {
                throw Error("ValidationException", $"Could not find endpoint configuration \"{Arn("endpoint-config", request.EndpointConfigName)}\".");
            }

            var now = _time.GetUtcNow();
            _endpoints[request.EndpointName] = new EndpointState
            {
                Name = request.EndpointName,
                ConfigName = request.EndpointConfigName,
                Status = EndpointStatus.Creating,
                CreationTime = now,
                LastModifiedTime = now,
            };
            _tags[arn] = request.Tags?.ToList() ?? [];
            return Task.FromResult(new CreateEndpointResponse { EndpointArn = arn });
        }
    }

    protected override Task<DescribeEndpointResponse> OnDescribeEndpointAsync(DescribeEndpointRequest request, CancellationToken cancellationToken)
    {
        DescribeEndpointResponse response;
        DescribeEndpointResponse now;
        lock (_gate)
        {
            if (!_endpoints.TryGetValue(request.EndpointName, out var endpoint))
            {
                throw Error("ValidationException", $"Could not find endpoint \"{Arn("endpoint", request.EndpointName)}\".");
            }

            response = endpoint.Describe();
            endpoint.Advance(this);
            if (endpoint.Status == EndpointStatus.Deleting && endpoint.Steps > StepsPerTransition)
            {
                _endpoints.Remove(endpoint.Name);
            }

            now = endpoint.Describe();
        }

        BetweenEndpointPolls?.Invoke(now);
        return Task.FromResult(response);
    }

    protected override Task<UpdateEndpointResponse> OnUpdateEndpointAsync(UpdateEndpointRequest request, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_endpoints.TryGetValue(request.EndpointName, out var endpoint))
            {
                throw Error("ValidationException", $"Could not find endpoint \"{Arn("endpoint", request.EndpointName)}\".");
            }

            if (endpoint.Status != EndpointStatus.InService)
            {
                throw Error("ValidationException", $"Cannot update in-progress endpoint \"{Arn("endpoint", request.EndpointName)}\".");
            }

            if (!_configs.ContainsKey(request.EndpointConfigName))
            {
                throw Error("ValidationException", $"Could not find endpoint configuration \"{Arn("endpoint-config", request.EndpointConfigName)}\".");
            }

            LastUpdateEndpointRequest = request;
            endpoint.LastDeploymentConfig = request.DeploymentConfig ?? endpoint.LastDeploymentConfig;
            endpoint.PendingConfigName = request.EndpointConfigName;
            endpoint.Status = EndpointStatus.Updating;
            endpoint.Steps = 0;
            endpoint.LastModifiedTime = _time.GetUtcNow();
            return Task.FromResult(new UpdateEndpointResponse { EndpointArn = Arn("endpoint", request.EndpointName) });
        }
    }

    protected override Task OnDeleteEndpointAsync(DeleteEndpointRequest request, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_endpoints.TryGetValue(request.EndpointName, out var endpoint))
            {
                throw Error("ValidationException", $"Could not find endpoint \"{Arn("endpoint", request.EndpointName)}\".");
            }

            endpoint.Status = EndpointStatus.Deleting;
            endpoint.Steps = 0;
            return Task.CompletedTask;
        }
    }

    protected override IAsyncEnumerable<EndpointSummary> OnListEndpointsAsync(ListEndpointsRequest request, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Yield(_endpoints.Values
                .Where(e => request.NameContains is null || e.Name.Contains(request.NameContains, StringComparison.OrdinalIgnoreCase))
                .Select(e => new EndpointSummary
                {
                    EndpointName = e.Name,
                    EndpointArn = Arn("endpoint", e.Name),
                    CreationTime = e.CreationTime,
                    LastModifiedTime = e.LastModifiedTime,
                    EndpointStatus = e.Status,
                })
                .ToList());
        }
    }

    protected override Task<AddTagsResponse> OnAddTagsAsync(AddTagsRequest request, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var tags = _tags.TryGetValue(request.ResourceArn, out var existing) ? existing : _tags[request.ResourceArn] = [];
            foreach (var tag in request.Tags)
            {
                tags.RemoveAll(t => t.Key == tag.Key);
                tags.Add(tag);
            }

            return Task.FromResult(new AddTagsResponse { Tags = tags.ToList() });
        }
    }

    protected override IAsyncEnumerable<Tag> OnListTagsAsync(ListTagsRequest request, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (UnreadableTagArns.Contains(request.ResourceArn))
            {
                throw new MlOpsException("ListTags failed with UnknownError (HTTP 500).", "UnknownError", System.Net.HttpStatusCode.InternalServerError);
            }

            return Yield(_tags.TryGetValue(request.ResourceArn, out var tags) ? tags.ToList() : []);
        }
    }

    // The error as the AWS adapter would read SageMaker's answer, kind included.
    internal static MlOpsException Error(string code, string message) =>
        new(message, code, System.Net.HttpStatusCode.BadRequest) { Kind = MlOps.Sdk.Aws.AwsErrorKinds.KindOf(code, message) };

    private DescribeModelPackageResponse FindPackage(string nameOrArn) =>
        _packages.FirstOrDefault(p => p.ModelPackageArn == nameOrArn)
        ?? throw Error("ValidationException", $"ModelPackage {nameOrArn} does not exist.");

    private static async IAsyncEnumerable<T> Yield<T>(IReadOnlyList<T> items, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var item in items)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await Task.Yield();
            yield return item;
        }
    }

    private sealed class TrainingJobState
    {
        private static readonly SecondaryStatus[] Path =
            [SecondaryStatus.Starting, SecondaryStatus.Downloading, SecondaryStatus.Training, SecondaryStatus.Uploading];

        public required CreateTrainingJobRequest Request { get; init; }

        public required string Arn { get; init; }

        public required DateTimeOffset CreationTime { get; init; }

        public TrainingJobStatus Status { get; private set; } = TrainingJobStatus.InProgress;

        public bool StopRequested { get; set; }

        public int Describes { get; private set; }

        public List<SecondaryStatusTransition> Transitions { get; } = [];

        public string? FailureReason { get; private set; }

        public void Advance(FakeSageMakerClient fake)
        {
            if (Status is not (TrainingJobStatus.InProgress or TrainingJobStatus.Stopping))
            {
                return;
            }

            var now = fake._time.GetUtcNow();
            var step = Describes++ / fake.StepsPerTransition;
            if (StopRequested)
            {
                Status = TrainingJobStatus.Stopped;
                FailureReason = "Training job stopped by user request.";
                Transitions.Add(new SecondaryStatusTransition { Status = SecondaryStatus.Stopped, StartTime = now });
                return;
            }

            if (step < Path.Length)
            {
                if (Transitions.Count <= step)
                {
                    Transitions.Add(new SecondaryStatusTransition { Status = Path[step], StartTime = now, StatusMessage = $"{Path[step]} step" });
                }
                else
                {
                    // SageMaker rewrites the current step's message during long steps.
                    Transitions[^1] = Transitions[^1] with { StatusMessage = $"{Path[step]} step, still going after {Describes} polls" };
                }

                return;
            }

            var (status, reason) = fake.TrainingOutcomes.TryGetValue(Request.TrainingJobName, out var outcome) ? outcome : (TrainingJobStatus.Completed, null);
            Status = status;
            FailureReason = reason;
            Transitions.Add(new SecondaryStatusTransition
            {
                Status = status switch
                {
                    TrainingJobStatus.Completed => SecondaryStatus.Completed,
                    TrainingJobStatus.Stopped => SecondaryStatus.Stopped,
                    _ => SecondaryStatus.Failed,
                },
                StartTime = now,
            });
        }

        public DescribeTrainingJobResponse Describe(FakeSageMakerClient fake)
        {
            var completed = Status == TrainingJobStatus.Completed;
            var metrics = completed
                ? (fake.TrainingMetrics.TryGetValue(Request.TrainingJobName, out var m) ? m : fake.DefaultMetrics)
                : new Dictionary<string, double>();
            return new DescribeTrainingJobResponse
            {
                TrainingJobName = Request.TrainingJobName,
                TrainingJobArn = Arn,
                ModelArtifacts = new ModelArtifacts
                {
                    S3ModelArtifacts = completed ? $"{Request.OutputDataConfig.S3OutputPath.TrimEnd('/')}/{Request.TrainingJobName}/output/model.tar.gz" : string.Empty,
                },
                TrainingJobStatus = Status,
                SecondaryStatus = Transitions.Count == 0 ? SecondaryStatus.Starting : Transitions[^1].Status,
                FailureReason = FailureReason,
                HyperParameters = Request.HyperParameters,
                AlgorithmSpecification = Request.AlgorithmSpecification,
                RoleArn = Request.RoleArn,
                OutputDataConfig = Request.OutputDataConfig,
                StoppingCondition = Request.StoppingCondition ?? new StoppingCondition(),
                CreationTime = CreationTime,
                SecondaryStatusTransitions = Transitions.ToList(),
                FinalMetricDataList = metrics.Select(p => new MetricData { MetricName = p.Key, Value = p.Value }).ToList(),
                BillableTimeInSeconds = Describes * 10,
                TrainingTimeInSeconds = Describes * 10,
            };
        }
    }

    private sealed class EndpointState
    {
        public required string Name { get; init; }

        public required string ConfigName { get; set; }

        public string? PendingConfigName { get; set; }

        public required EndpointStatus Status { get; set; }

        public string? FailureReason { get; set; }

        public DateTimeOffset CreationTime { get; set; }

        public DateTimeOffset LastModifiedTime { get; set; }

        public int Steps { get; set; }

        public DeploymentConfig? LastDeploymentConfig { get; set; }

        public DescribeEndpointResponse Describe() => new()
        {
            LastDeploymentConfig = LastDeploymentConfig,
            EndpointName = Name,
            EndpointArn = FakeSageMakerClient.Arn("endpoint", Name),
            EndpointConfigName = ConfigName,
            EndpointStatus = Status,
            FailureReason = FailureReason,
            CreationTime = CreationTime,
            LastModifiedTime = LastModifiedTime,
            ProductionVariants = [new ProductionVariantSummary { VariantName = "AllTraffic", CurrentWeight = 1, DesiredWeight = 1 }],
            // As SageMaker: only while the endpoint is creating, or updating to a new config (started at its LastModifiedTime).
            PendingDeploymentSummary = Status == EndpointStatus.Creating ? new PendingDeploymentSummary { EndpointConfigName = ConfigName, StartTime = CreationTime }
                : Status == EndpointStatus.Updating && PendingConfigName is { } pending ? new PendingDeploymentSummary { EndpointConfigName = pending, StartTime = LastModifiedTime }
                : null,
        };

        public void Advance(FakeSageMakerClient fake)
        {
            Steps++;
            if (Steps < fake.StepsPerTransition)
            {
                return;
            }

            switch (Status)
            {
                case EndpointStatus.Creating:
                    if (fake.FailingEndpointConfigs.TryGetValue(ConfigName, out var reason))
                    {
                        Status = EndpointStatus.Failed;
                        FailureReason = reason;
                    }
                    else
                    {
                        Status = EndpointStatus.InService;
                    }

                    Steps = 0;
                    break;
                case EndpointStatus.Updating:
                    if (fake.RolledBackEndpointConfigs.Contains(PendingConfigName!) || fake.FailingEndpointConfigs.ContainsKey(PendingConfigName!))
                    {
                        Status = EndpointStatus.RollingBack;
                        FailureReason = fake.FailingEndpointConfigs.TryGetValue(PendingConfigName!, out var r) ? r : "Alarm fired during deployment; rolling back.";
                    }
                    else
                    {
                        ConfigName = PendingConfigName!;
                        Status = EndpointStatus.InService;
                    }

                    PendingConfigName = null;
                    Steps = 0;
                    break;
                case EndpointStatus.RollingBack:
                    Status = EndpointStatus.InService;
                    Steps = 0;
                    break;
            }
        }
    }
}
