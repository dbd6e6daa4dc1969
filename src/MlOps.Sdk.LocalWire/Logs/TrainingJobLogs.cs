using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using MlOps.Sdk.Aws;
using MlOps.Sdk.SageMaker;

namespace MlOps.Sdk.LocalWire.Logs;

/// <summary>
/// The training jobs' logs as CloudWatch Logs shows them: group <c>/aws/sagemaker/TrainingJobs</c>, one stream per host
/// and launch, <c>&lt;job&gt;/algo-&lt;n&gt;-&lt;epoch seconds&gt;</c> as SageMaker names them (and as local mode writes
/// them), each holding that host's stdout and stderr in time order, read through the <see cref="ITrainingLogClient"/> port.
/// </summary>
internal sealed class TrainingJobLogs(ITrainingLogClient logs, ISageMakerClient sageMaker, string region, string accountId)
{
    /// <summary>The log group SageMaker writes training logs to.</summary>
    public const string LogGroupName = "/aws/sagemaker/TrainingJobs";

    private const int MaxGetLimit = 10_000;

    /// <summary>FilterLogEvents: the events of the streams the request names, oldest first.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The matching events.</returns>
    public async IAsyncEnumerable<FilteredLogEvent> FilterAsync(FilterLogEventsRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        RequireGroup(request.LogGroupName);
        var pattern = LogFilterPattern.Parse(request.FilterPattern);
        var named = request.LogStreamNames is { Count: > 0 } names ? names.ToHashSet(StringComparer.Ordinal) : null;
        var jobs = named is not null
            ? named.Select(JobOf).Distinct(StringComparer.Ordinal).ToList()
            : await JobsAsync(request.LogStreamNamePrefix, cancellationToken).ConfigureAwait(false);
        var events = new List<FilteredLogEvent>();
        foreach (var job in jobs)
        {
            foreach (var (stream, item) in await ReadAsync(job, request.StartTime, request.EndTime, cancellationToken).ConfigureAwait(false))
            {
                var wanted = named?.Contains(stream) ?? (request.LogStreamNamePrefix is not { } prefix || stream.StartsWith(prefix, StringComparison.Ordinal));
                if (wanted && pattern.Matches(item.Message))
                {
                    events.Add(new FilteredLogEvent
                    {
                        LogStreamName = stream,
                        Timestamp = item.Timestamp,
                        IngestionTime = item.IngestionTime,
                        Message = item.Message,
                        EventId = string.Create(CultureInfo.InvariantCulture, $"{item.Timestamp}-{events.Count}"),
                    });
                }
            }
        }

        foreach (var item in events.OrderBy(e => e.Timestamp))
        {
            yield return item;
        }
    }

    /// <summary>GetLogEvents: one stream, paged forward or backward with <c>f/</c> and <c>b/</c> tokens.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The page.</returns>
    public async Task<GetLogEventsResponse> GetAsync(GetLogEventsRequest request, CancellationToken cancellationToken)
    {
        RequireGroup(request.LogGroupName);
        var stream = request.LogStreamName ?? throw Invalid("1 validation error detected: Value null at 'logStreamName' failed to satisfy constraint: Member must not be null");
        if (!stream.Contains('/', StringComparison.Ordinal) || !await JobExistsAsync(JobOf(stream), cancellationToken).ConfigureAwait(false))
        {
            throw new MlOpsException("The specified log stream does not exist.", "ResourceNotFoundException", HttpStatusCode.BadRequest, stream);
        }

        // A stream exists once its host wrote a line, whatever the time range asked for.
        var hostEvents = (await ReadAsync(JobOf(stream), null, null, cancellationToken).ConfigureAwait(false)).Where(e => e.Stream == stream).Select(e => e.Event).ToList();
        if (hostEvents.Count == 0)
        {
            throw new MlOpsException("The specified log stream does not exist.", "ResourceNotFoundException", HttpStatusCode.BadRequest, stream);
        }

        var limit = request.Limit ?? MaxGetLimit;
        if (limit is < 1 or > MaxGetLimit)
        {
            throw Invalid($"1 validation error detected: Value '{limit}' at 'limit' failed to satisfy constraint: Member must have value between 1 and {MaxGetLimit}");
        }

        var events = hostEvents.Where(e => (request.StartTime is null || e.Timestamp >= request.StartTime) && (request.EndTime is null || e.Timestamp < request.EndTime)).ToList();
        int start;
        int end;
        if (request.NextToken is { } token)
        {
            if (token.Length < 3 || token[1] != '/' || token[0] is not ('f' or 'b') || !int.TryParse(token.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var at))
            {
                throw Invalid("The specified nextToken is invalid.");
            }

            at = Math.Min(at, events.Count);
            (start, end) = token[0] == 'f' ? (at, Math.Min(events.Count, at + limit)) : (Math.Max(0, at - limit), at);
        }
        else
        {
            (start, end) = request.StartFromHead == true ? (0, Math.Min(events.Count, limit)) : (Math.Max(0, events.Count - limit), events.Count);
        }

        return new GetLogEventsResponse
        {
            Events = events.GetRange(start, end - start),
            NextForwardToken = string.Create(CultureInfo.InvariantCulture, $"f/{end}"),
            NextBackwardToken = string.Create(CultureInfo.InvariantCulture, $"b/{start}"),
        };
    }

    /// <summary>DescribeLogStreams: every host stream of every training job, by name.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The streams.</returns>
    public async IAsyncEnumerable<LogStream> DescribeStreamsAsync(DescribeLogStreamsRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        RequireGroup(request.LogGroupName);
        foreach (var job in await JobsAsync(request.LogStreamNamePrefix, cancellationToken).ConfigureAwait(false))
        {
            var events = await ReadAsync(job, null, null, cancellationToken).ConfigureAwait(false);
            foreach (var stream in events.GroupBy(e => e.Stream, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                if (request.LogStreamNamePrefix is { } prefix && !stream.Key.StartsWith(prefix, StringComparison.Ordinal))
                {
                    continue;
                }

                var first = stream.First().Event;
                var last = stream.Last().Event;
                yield return new LogStream
                {
                    LogStreamName = stream.Key,
                    Arn = $"arn:aws:logs:{region}:{accountId}:log-group:{LogGroupName}:log-stream:{stream.Key}",
                    CreationTime = first.Timestamp,
                    FirstEventTimestamp = first.Timestamp,
                    LastEventTimestamp = last.Timestamp,
                    LastIngestionTime = last.IngestionTime,
                };
            }
        }
    }

    private static string JobOf(string stream) => stream[..stream.LastIndexOf('/')];

    private static void RequireGroup(string? group)
    {
        if (group != LogGroupName)
        {
            throw new MlOpsException(
                $"The specified log group does not exist (the local server holds {LogGroupName} only).", "ResourceNotFoundException", HttpStatusCode.BadRequest, group);
        }
    }

    private static MlOpsException Invalid(string message) => new(message, "InvalidParameterException", HttpStatusCode.BadRequest);

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

    private async Task<bool> JobExistsAsync(string job, CancellationToken cancellationToken)
    {
        try
        {
            await sageMaker.DescribeTrainingJobAsync(new DescribeTrainingJobRequest { TrainingJobName = job }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (MlOpsException)
        {
            return false;
        }
    }

    // The stamped lines of one job with their host streams; a job that does not exist (or not yet) has none, as a
    // stream not yet written.
    private async Task<List<(string Stream, OutputLogEvent Event)>> ReadAsync(string job, long? startTime, long? endTime, CancellationToken cancellationToken)
    {
        var events = new List<(string Stream, OutputLogEvent Event)>();
        try
        {
            var from = startTime is { } start ? DateTimeOffset.FromUnixTimeMilliseconds(start) : (DateTimeOffset?)null;
            await foreach (var item in logs.GetTrainingJobLogEventsAsync(job, from, cancellationToken).ConfigureAwait(false))
            {
                var at = item.Timestamp.ToUnixTimeMilliseconds();
                if (endTime is null || at < endTime)
                {
                    events.Add((item.StreamName, new OutputLogEvent { Timestamp = at, Message = item.Message, IngestionTime = at }));
                }
            }
        }
        catch (MlOpsException ex) when (ex is not MlOpsValidationException)
        {
            // Not a job (any more): no events.
        }

        return events;
    }
}
