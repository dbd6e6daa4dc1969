using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MlOps.Sdk.Naming;
using MlOps.Sdk.SageMaker;

using MlOps.Sdk.Waiting;

namespace MlOps.Sdk.Training;

/// <summary>
/// Starts, resumes, describes, stops and reads the logs of training jobs. Immutable and thread-safe; it talks only to
/// the SageMaker ports, so it behaves the same in AWS and local mode.
/// </summary>
public sealed class TrainingClient
{
    private readonly ISageMakerClient _sageMaker;
    private readonly ITrainingLogClient _logs;
    private readonly TrainingOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<TrainingClient> _logger;

    /// <summary>Creates a client.</summary>
    /// <param name="sageMaker">The SageMaker control plane.</param>
    /// <param name="logs">Training job logs.</param>
    /// <param name="options">Waiter timings.</param>
    /// <param name="timeProvider">The clock waits run on.</param>
    /// <param name="logger">Receives progress.</param>
    public TrainingClient(ISageMakerClient sageMaker, ITrainingLogClient logs, IOptions<TrainingOptions>? options = null, TimeProvider? timeProvider = null, ILogger<TrainingClient>? logger = null)
    {
        _sageMaker = sageMaker ?? throw new ArgumentNullException(nameof(sageMaker));
        _logs = logs ?? throw new ArgumentNullException(nameof(logs));
        _options = options?.Value ?? new TrainingOptions();
        _options.CompletionWaiter.Validate($"{nameof(TrainingOptions)}.{nameof(TrainingOptions.CompletionWaiter)}");
        if (_options.LogPollInterval <= TimeSpan.Zero)
        {
            throw new MlOpsValidationException($"{nameof(TrainingOptions)}.{nameof(TrainingOptions.LogPollInterval)}", $"must be positive (got {_options.LogPollInterval})");
        }
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger<TrainingClient>.Instance;
    }

    /// <summary>
    /// Validates the spec on the client side, then starts the job. Starting a job whose name already exists resumes it
    /// instead of failing, so a retried CI job picks up the job its first attempt started.
    /// </summary>
    /// <param name="spec">The job.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>An operation to wait on.</returns>
    /// <exception cref="MlOpsValidationException">The spec breaks a rule; nothing was sent.</exception>
    public async Task<TrainingJobOperation> StartTrainingJobAsync(TrainingJobSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var request = spec.ToRequest();
        try
        {
            var response = await _sageMaker.CreateTrainingJobAsync(request, cancellationToken).ConfigureAwait(false);
            _logger.LogInformation("Started training job {TrainingJobName} ({TrainingJobArn}) on {InstanceCount} x {InstanceType}", spec.TrainingJobName, response.TrainingJobArn, spec.InstanceCount, spec.InstanceType);
        }
        catch (MlOpsException e) when (ResourceErrors.IsAlreadyExists(e))
        {
            _logger.LogInformation("Training job {TrainingJobName} already exists; resuming it", spec.TrainingJobName);
        }

        return GetTrainingJobOperation(spec.TrainingJobName);
    }

    /// <summary>Rebuilds the operation of a job started earlier, possibly by another process.</summary>
    /// <param name="trainingJobName">The job name.</param>
    /// <returns>An operation to wait on; nothing is read until it is used.</returns>
    /// <exception cref="MlOpsValidationException">The name breaks SageMaker's rule.</exception>
    public TrainingJobOperation GetTrainingJobOperation(string trainingJobName)
    {
        SageMakerNameRules.Validate(trainingJobName, "TrainingJobName");
        return new TrainingJobOperation(trainingJobName, _sageMaker, _options.CompletionWaiter, _timeProvider, _logger);
    }

    /// <summary>Rebuilds an operation from the <see cref="MlOpsOperation{T}.RehydrationToken"/> of one started earlier, possibly by another process.</summary>
    /// <param name="rehydrationToken">The token the operation gave.</param>
    /// <returns>An operation to wait on; nothing is read until it is used.</returns>
    /// <exception cref="MlOpsValidationException">The token is not a training job operation's, or is damaged (<c>rehydrationToken</c>).</exception>
    public TrainingJobOperation RehydrateTrainingJobOperation(string rehydrationToken)
    {
        var token = OperationToken.Decode(rehydrationToken, TrainingJobOperation.TokenKind);
        SageMakerNameRules.Validate(token.Id, OperationToken.FieldName + ".TrainingJobName");
        return GetTrainingJobOperation(token.Id);
    }

    /// <summary>Describes a job once.</summary>
    /// <param name="trainingJobName">The job name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The job as it is now.</returns>
    public Task<TrainingJob> GetTrainingJobAsync(string trainingJobName, CancellationToken cancellationToken = default) =>
        GetTrainingJobOperation(trainingJobName).UpdateStatusAsync(cancellationToken);

    /// <summary>Asks a running job to stop; it ends <c>Stopped</c>.</summary>
    /// <param name="trainingJobName">The job name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes once the stop was accepted.</returns>
    public async Task StopTrainingJobAsync(string trainingJobName, CancellationToken cancellationToken = default)
    {
        SageMakerNameRules.Validate(trainingJobName, "TrainingJobName");
        await _sageMaker.StopTrainingJobAsync(new StopTrainingJobRequest { TrainingJobName = trainingJobName }, cancellationToken).ConfigureAwait(false);
        _logger.LogInformation("Asked training job {TrainingJobName} to stop", trainingJobName);
    }

    /// <summary>Lists training jobs whose names contain a text, newest first.</summary>
    /// <param name="nameContains">The text, or <see langword="null"/> for all jobs.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The jobs.</returns>
    public IAsyncEnumerable<TrainingJobSummary> ListTrainingJobsAsync(string? nameContains = null, CancellationToken cancellationToken = default) =>
        _sageMaker.ListTrainingJobsAsync(
            new ListTrainingJobsRequest { NameContains = nameContains, SortBy = SortBy.CreationTime, SortOrder = SortOrder.Descending },
            cancellationToken);

    /// <summary>Reads a job's log (CloudWatch on AWS, captured output locally), from an instant on.</summary>
    /// <param name="trainingJobName">The job name.</param>
    /// <param name="startTime">The first instant wanted, or <see langword="null"/> for the whole log.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The log lines available now.</returns>
    public async IAsyncEnumerable<TrainingLogEvent> GetLogsAsync(string trainingJobName, DateTimeOffset? startTime = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        SageMakerNameRules.Validate(trainingJobName, "TrainingJobName");
        await foreach (var line in _logs.GetTrainingJobLogEventsAsync(trainingJobName, startTime, cancellationToken).ConfigureAwait(false))
        {
            yield return line;
        }
    }

    /// <summary>
    /// Streams a job's log as it is written, every line once, until the job reaches a final status; reads every
    /// <see cref="TrainingOptions.LogPollInterval"/>. It does not throw when the job fails: wait on the operation for that.
    /// </summary>
    /// <param name="trainingJobName">The job name.</param>
    /// <param name="cancellationToken">Stops following.</param>
    /// <returns>The log lines, in time order.</returns>
    public async IAsyncEnumerable<TrainingLogEvent> FollowLogsAsync(string trainingJobName, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var operation = GetTrainingJobOperation(trainingJobName);
        DateTimeOffset? from = null;

        // Reads resume at the newest timestamp seen, so lines at that instant come twice; these are skipped.
        var seenAtFrom = new HashSet<(string Stream, string Message)>();
        while (true)
        {
            // Status first: if the job was already final, the read that follows holds its last lines.
            var job = await operation.UpdateStatusAsync(cancellationToken).ConfigureAwait(false);
            await foreach (var line in _logs.GetTrainingJobLogEventsAsync(trainingJobName, from, cancellationToken).ConfigureAwait(false))
            {
                if (from is { } instant && line.Timestamp <= instant)
                {
                    if (line.Timestamp < instant || !seenAtFrom.Add((line.StreamName, line.Message)))
                    {
                        continue;
                    }
                }
                else
                {
                    from = line.Timestamp;
                    seenAtFrom.Clear();
                    seenAtFrom.Add((line.StreamName, line.Message));
                }

                yield return line;
            }

            if (job.IsFinal)
            {
                yield break;
            }

            await Task.Delay(_options.LogPollInterval, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }
}
