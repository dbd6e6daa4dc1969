using Microsoft.Extensions.Logging;
using MlOps.Sdk.SageMaker;
using MlOps.Sdk.Waiting;

namespace MlOps.Sdk.Training;

/// <summary>
/// A running training job. Rebuild it in a later process from its <see cref="RehydrationToken"/> with
/// <see cref="TrainingClient.RehydrateTrainingJobOperation(string)"/>, or from the job name with
/// <see cref="TrainingClient.GetTrainingJobOperation(string)"/>.
/// </summary>
/// <remarks>Safe to share between threads: its state is one immutable snapshot, replaced atomically.</remarks>
public sealed class TrainingJobOperation : MlOpsOperation<TrainingJob>
{
    internal const string TokenKind = "TrainingJob";

    private readonly ISageMakerClient _sageMaker;
    private readonly WaiterOptions _waiter;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private volatile TrainingJob? _latest;

    internal TrainingJobOperation(string trainingJobName, ISageMakerClient sageMaker, WaiterOptions waiter, TimeProvider timeProvider, ILogger logger)
    {
        Id = trainingJobName;
        _sageMaker = sageMaker;
        _waiter = waiter;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>The training job name, which is all a later process needs to resume this operation.</summary>
    public override string Id { get; }

    /// <inheritdoc />
    public override string RehydrationToken => new OperationToken(TokenKind, Id).Encode();

    /// <summary>Whether the job reached a final status when last read.</summary>
    public override bool HasCompleted => _latest?.IsFinal == true;

    /// <summary>Whether the job completed successfully when last read.</summary>
    public override bool HasValue => _latest?.Status == TrainingJobStatus.Completed;

    /// <summary>The completed job, with its model artifact and final metrics.</summary>
    /// <exception cref="InvalidOperationException">The job has not completed yet; wait first.</exception>
    /// <exception cref="TrainingJobFailedException">The job failed or was stopped.</exception>
    public override TrainingJob Value
    {
        get
        {
            var latest = _latest;
            if (latest is null || !latest.IsFinal)
            {
                throw new InvalidOperationException($"Training job '{Id}' has not completed; call WaitForCompletionAsync or UpdateStatusAsync first.");
            }

            return latest.Status == TrainingJobStatus.Completed ? latest : throw new TrainingJobFailedException(latest);
        }
    }

    /// <summary>The job as last read, or <see langword="null"/> before the first read.</summary>
    public override TrainingJob? Latest => _latest;

    /// <summary>Reads the job's status once.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The job as described now.</returns>
    public override async Task<TrainingJob> UpdateStatusAsync(CancellationToken cancellationToken = default)
    {
        var response = await _sageMaker.DescribeTrainingJobAsync(new DescribeTrainingJobRequest { TrainingJobName = Id }, cancellationToken).ConfigureAwait(false);
        var job = TrainingJob.FromDescription(response);
        _latest = job;
        return job;
    }

    /// <inheritdoc />
    /// <exception cref="TrainingJobFailedException">The job ended <c>Failed</c> or <c>Stopped</c>.</exception>
    public override Task<TrainingJob> WaitForCompletionAsync(CancellationToken cancellationToken) =>
        WaitForCompletionAsync(null, cancellationToken);

    /// <summary>
    /// Polls until the job ends, reporting each secondary status transition and the billable time through the logger and
    /// <paramref name="progress"/>.
    /// </summary>
    /// <param name="progress">Receives each new step.</param>
    /// <param name="cancellationToken">Stops waiting (the job keeps running).</param>
    /// <returns>The completed job.</returns>
    /// <exception cref="TrainingJobFailedException">The job ended <c>Failed</c> or <c>Stopped</c>.</exception>
    /// <exception cref="MlOpsException">The waiter ran out of attempts (<c>WaiterTimeout</c>), or a call failed.</exception>
    public async Task<TrainingJob> WaitForCompletionAsync(IProgress<TrainingJobProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var started = _timeProvider.GetTimestamp();
        (int Count, SecondaryStatus? Status, string? Message) seen = (0, null, null);
        var job = await StatusPoller.PollAsync(
            async ct =>
            {
                var current = await UpdateStatusAsync(ct).ConfigureAwait(false);
                seen = Report(current, seen, _timeProvider.GetElapsedTime(started), progress);
                return current;
            },
            j => j.IsFinal,
            _waiter,
            _timeProvider,
            "training job",
            Id,
            cancellationToken).ConfigureAwait(false);

        if (job.Status != TrainingJobStatus.Completed)
        {
            _logger.LogError("Training job {TrainingJobName} ended {Status}: {FailureReason}", Id, job.Status, job.FailureReason);
            throw new TrainingJobFailedException(job);
        }

        _logger.LogInformation(
            "Training job {TrainingJobName} completed: model {ModelArtifactUri}, billable {BillableSeconds} s, metrics {Metrics}",
            Id,
            job.ModelArtifactUri,
            job.BillableTime?.TotalSeconds,
            string.Join(", ", job.FinalMetrics.Select(m => $"{m.Key}={m.Value}")));
        return job;
    }

    private (int Count, SecondaryStatus? Status, string? Message) Report(
        TrainingJob job,
        (int Count, SecondaryStatus? Status, string? Message) seen,
        TimeSpan elapsed,
        IProgress<TrainingJobProgress>? progress)
    {
        if (job.Transitions.Count == 0)
        {
            if (job.SecondaryStatus != seen.Status)
            {
                Emit(job, job.SecondaryStatus, null, elapsed, progress);
            }

            return (0, job.SecondaryStatus, null);
        }

        // Every transition not yet seen is reported, so none is lost between two polls; so is a new message on the
        // current one (SageMaker updates it during long steps, such as "Training image download completed").
        var last = job.Transitions[^1];
        if (job.Transitions.Count == seen.Count && last.StatusMessage != seen.Message)
        {
            Emit(job, last.Status, last.StatusMessage, elapsed, progress);
        }

        for (var i = seen.Count; i < job.Transitions.Count; i++)
        {
            Emit(job, job.Transitions[i].Status, job.Transitions[i].StatusMessage, elapsed, progress);
        }

        return (job.Transitions.Count, last.Status, last.StatusMessage);
    }

    private void Emit(TrainingJob job, SecondaryStatus status, string? message, TimeSpan elapsed, IProgress<TrainingJobProgress>? progress)
    {
        _logger.LogInformation(
            "Training job {TrainingJobName}: {Status}/{SecondaryStatus} {StatusMessage} (billable {BillableSeconds} s, waited {Elapsed})",
            job.Name,
            job.Status,
            status,
            message,
            job.BillableTime?.TotalSeconds ?? 0,
            elapsed);
        progress?.Report(new TrainingJobProgress(job.Name, job.Status, status, message, job.BillableTime, elapsed));
    }
}
