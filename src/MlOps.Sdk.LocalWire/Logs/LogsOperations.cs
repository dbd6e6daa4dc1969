using MlOps.Sdk.Aws;
using MlOps.Sdk.LocalWire.Protocol;

namespace MlOps.Sdk.LocalWire.Logs;

/// <summary>
/// CloudWatch Logs (<c>X-Amz-Target: Logs_20140328.&lt;Operation&gt;</c>) for the training jobs' and the endpoints'
/// logs: FilterLogEvents (what the SDK's AWS log reader calls), GetLogEvents and DescribeLogStreams.
/// </summary>
internal static class LogsOperations
{
    /// <summary>The service's <c>X-Amz-Target</c> prefix.</summary>
    public const string TargetPrefix = "Logs_20140328";

    // FilterLogEvents: limit 1..10,000 (10,000 by default); DescribeLogStreams: limit 1..50 (50 by default).
    private static readonly ListPaging EventPaging = new("nextToken", "limit", 10_000, 10_000, "InvalidParameterException");
    private static readonly ListPaging StreamPaging = new("nextToken", "limit", 50, 50, "InvalidParameterException");

    /// <summary>Binds the operations to the log groups.</summary>
    /// <param name="logs">The groups.</param>
    /// <returns>The table.</returns>
    public static JsonOperationTable Create(LogGroups logs) =>
        new JsonOperationTable(TargetPrefix, "InvalidParameterException")
            .Listing<FilterLogEventsRequest, FilteredLogEvent>("FilterLogEvents", EventPaging, logs.FilterAsync, (items, next) => new FilterLogEventsResponse { Events = items, NextToken = next })
            .Operation<GetLogEventsRequest, GetLogEventsResponse>("GetLogEvents", logs.GetAsync)
            .Listing<DescribeLogStreamsRequest, LogStream>("DescribeLogStreams", StreamPaging, logs.DescribeStreamsAsync, (items, next) => new DescribeLogStreamsResponse { LogStreams = items, NextToken = next });
}
