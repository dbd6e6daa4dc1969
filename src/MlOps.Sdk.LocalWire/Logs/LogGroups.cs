using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using MlOps.Sdk.Aws;

namespace MlOps.Sdk.LocalWire.Logs;

/// <summary>
/// CloudWatch Logs' reading operations over the groups the sources hold: FilterLogEvents, GetLogEvents (paged with
/// <c>f/</c> and <c>b/</c> tokens) and DescribeLogStreams, with CloudWatch's errors. A group no source holds, or one
/// that does not exist (yet), is <c>ResourceNotFoundException</c>.
/// </summary>
internal sealed class LogGroups(IReadOnlyList<ILogGroupSource> sources, string region, string accountId)
{
    private const int MaxGetLimit = 10_000;

    /// <summary>FilterLogEvents: the matching events of the streams the request names, oldest first.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The matching events.</returns>
    public async IAsyncEnumerable<FilteredLogEvent> FilterAsync(FilterLogEventsRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var pattern = LogFilterPattern.Parse(request.FilterPattern);
        var named = request.LogStreamNames is { Count: > 0 } names ? names.ToHashSet(StringComparer.Ordinal) : null;
        var streams = await ReadAsync(request.LogGroupName, named is null ? request.LogStreamNamePrefix : null, named, cancellationToken).ConfigureAwait(false);
        var events = new List<FilteredLogEvent>();
        foreach (var stream in streams)
        {
            foreach (var item in stream.Events)
            {
                if ((request.StartTime is null || item.Timestamp >= request.StartTime) && (request.EndTime is null || item.Timestamp < request.EndTime) && pattern.Matches(item.Message))
                {
                    events.Add(new FilteredLogEvent
                    {
                        LogStreamName = stream.Name,
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
        var name = request.LogStreamName ?? throw Invalid("1 validation error detected: Value null at 'logStreamName' failed to satisfy constraint: Member must not be null");
        var streams = await ReadAsync(request.LogGroupName, null, new HashSet<string>(StringComparer.Ordinal) { name }, cancellationToken).ConfigureAwait(false);
        var stream = streams.SingleOrDefault()
            ?? throw new MlOpsException("The specified log stream does not exist.", "ResourceNotFoundException", HttpStatusCode.BadRequest, name);
        var limit = request.Limit ?? MaxGetLimit;
        if (limit is < 1 or > MaxGetLimit)
        {
            throw Invalid($"1 validation error detected: Value '{limit}' at 'limit' failed to satisfy constraint: Member must have value between 1 and {MaxGetLimit}");
        }

        var events = stream.Events.Where(e => (request.StartTime is null || e.Timestamp >= request.StartTime) && (request.EndTime is null || e.Timestamp < request.EndTime)).ToList();
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

    /// <summary>DescribeLogStreams: the group's streams, by name.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The streams.</returns>
    public async IAsyncEnumerable<LogStream> DescribeStreamsAsync(DescribeLogStreamsRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var stream in await ReadAsync(request.LogGroupName, request.LogStreamNamePrefix, null, cancellationToken).ConfigureAwait(false))
        {
            var first = stream.Events.Count > 0 ? stream.Events[0] : null;
            var last = stream.Events.Count > 0 ? stream.Events[^1] : null;
            yield return new LogStream
            {
                LogStreamName = stream.Name,
                Arn = $"arn:aws:logs:{region}:{accountId}:log-group:{request.LogGroupName}:log-stream:{stream.Name}",
                CreationTime = stream.CreationTime,
                FirstEventTimestamp = first?.Timestamp,
                LastEventTimestamp = last?.Timestamp,
                LastIngestionTime = last?.IngestionTime,
            };
        }
    }

    private static MlOpsException Invalid(string message) => new(message, "InvalidParameterException", HttpStatusCode.BadRequest);

    // The group's streams the prefix or names select, by name; a group no source holds or that does not exist is not found.
    private async Task<List<LogStreamContent>> ReadAsync(string? groupName, string? streamPrefix, IReadOnlySet<string>? streamNames, CancellationToken cancellationToken)
    {
        var source = groupName is null ? null : sources.FirstOrDefault(s => s.Names(groupName));
        var streams = source is null ? null : await source.ReadAsync(groupName!, streamPrefix, streamNames, cancellationToken).ConfigureAwait(false);
        if (streams is null)
        {
            throw new MlOpsException(
                $"The specified log group does not exist (the local server holds {string.Join(" and ", sources.Select(s => s.GroupNaming))}).",
                "ResourceNotFoundException",
                HttpStatusCode.BadRequest,
                groupName);
        }

        return [.. streams
            .Where(s => (streamPrefix is null || s.Name.StartsWith(streamPrefix, StringComparison.Ordinal)) && (streamNames is null || streamNames.Contains(s.Name)))
            .OrderBy(s => s.Name, StringComparer.Ordinal)];
    }
}
