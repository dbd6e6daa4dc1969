using MlOps.Sdk.SageMaker;

namespace MlOps.Sdk.LocalWire.Logs;

/// <summary>
/// The training jobs' logs as CloudWatch Logs shows them: group <c>/aws/sagemaker/TrainingJobs</c>, one stream per host
/// and launch, <c>&lt;job&gt;/algo-&lt;n&gt;-&lt;epoch seconds&gt;</c> as SageMaker names them (and as local mode writes
/// them), each holding that host's stdout and stderr in time order, read through the <see cref="ITrainingLogClient"/> port.
/// </summary>
internal sealed class TrainingJobLogs(ITrainingLogClient logs, ISageMakerClient sageMaker) : ILogGroupSource
{
    /// <summary>The log group SageMaker writes training logs to.</summary>
    public const string LogGroupName = "/aws/sagemaker/TrainingJobs";

    /// <inheritdoc />
    public string GroupNaming => LogGroupName;

    /// <inheritdoc />
    public bool Names(string groupName) => groupName == LogGroupName;

    /// <inheritdoc />
    public async Task<IReadOnlyList<LogStreamContent>?> ReadAsync(string groupName, string? streamPrefix, IReadOnlySet<string>? streamNames, CancellationToken cancellationToken)
    {
        var jobs = streamNames is not null
            ? [.. streamNames.Where(s => s.Contains('/', StringComparison.Ordinal)).Select(s => s[..s.LastIndexOf('/')]).Distinct(StringComparer.Ordinal)]
            : await JobsAsync(streamPrefix, cancellationToken).ConfigureAwait(false);
        var streams = new List<LogStreamContent>();
        foreach (var job in jobs)
        {
            // A stream exists once its host wrote a line; it was created with that line.
            foreach (var stream in (await ReadJobAsync(job, cancellationToken).ConfigureAwait(false)).GroupBy(e => e.Stream, StringComparer.Ordinal))
            {
                var events = stream.Select(e => e.Event).ToList();
                streams.Add(new LogStreamContent(stream.Key, events[0].Timestamp, events));
            }
        }

        return streams;
    }

    // The jobs whose streams can match the prefix: a prefix ends inside the job's name, or runs past its "/".
    private async Task<List<string>> JobsAsync(string? streamPrefix, CancellationToken cancellationToken)
    {
        var jobs = new List<string>();
        await foreach (var job in sageMaker.ListTrainingJobsAsync(new ListTrainingJobsRequest(), cancellationToken).ConfigureAwait(false))
        {
            var streamStart = job.TrainingJobName + "/";
            if (streamPrefix is null || streamStart.StartsWith(streamPrefix, StringComparison.Ordinal) || streamPrefix.StartsWith(streamStart, StringComparison.Ordinal))
            {
                jobs.Add(job.TrainingJobName);
            }
        }

        return jobs;
    }

    // The stamped lines of one job with their host streams, in time order; a job that does not exist (or not yet) has
    // none, as a stream not yet written.
    private async Task<List<(string Stream, OutputLogEvent Event)>> ReadJobAsync(string job, CancellationToken cancellationToken)
    {
        var events = new List<(string Stream, OutputLogEvent Event)>();
        try
        {
            await foreach (var item in logs.GetTrainingJobLogEventsAsync(job, null, cancellationToken).ConfigureAwait(false))
            {
                var at = item.Timestamp.ToUnixTimeMilliseconds();
                events.Add((item.StreamName, new OutputLogEvent { Timestamp = at, Message = item.Message, IngestionTime = at }));
            }
        }
        catch (MlOpsException ex) when (ex is not MlOpsValidationException)
        {
            // Not a job (any more): no events.
        }

        return events;
    }
}
