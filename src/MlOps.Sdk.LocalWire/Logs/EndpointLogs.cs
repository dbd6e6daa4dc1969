using MlOps.Sdk.Local;

namespace MlOps.Sdk.LocalWire.Logs;

/// <summary>
/// The endpoints' logs as SageMaker publishes them: group <c>/aws/sagemaker/Endpoints/&lt;endpoint&gt;</c>, one stream
/// per production variant instance, <c>&lt;variant&gt;/&lt;instance id&gt;</c>, holding that model server's
/// <c>server.log</c> (see <see cref="LocalEndpointLog"/>). The group exists once the endpoint started a server and
/// outlives the endpoint, as on AWS; a replaced fleet's streams stay while its folder does.
/// </summary>
/// <param name="home">The local home whose <c>endpoints/</c> folder holds the instances.</param>
internal sealed class EndpointLogs(string home) : ILogGroupSource
{
    /// <summary>What every endpoint's log group name starts with.</summary>
    public const string LogGroupPrefix = "/aws/sagemaker/Endpoints/";

    /// <inheritdoc />
    public string GroupNaming => LogGroupPrefix + "<endpoint> for each endpoint that started a server";

    /// <inheritdoc />
    public bool Names(string groupName) => groupName.StartsWith(LogGroupPrefix, StringComparison.Ordinal);

    /// <inheritdoc />
    public Task<IReadOnlyList<LogStreamContent>?> ReadAsync(string groupName, string? streamPrefix, IReadOnlySet<string>? streamNames, CancellationToken cancellationToken)
    {
        var streams = LocalEndpointLog.Read(home, groupName[LogGroupPrefix.Length..])?
            .Select(stream =>
            {
                var at = stream.LinesWrittenBy.ToUnixTimeMilliseconds();
                return new LogStreamContent(
                    stream.Name,
                    stream.CreatedAt.ToUnixTimeMilliseconds(),
                    [.. stream.Lines.Select(line => new OutputLogEvent { Timestamp = at, Message = line, IngestionTime = at })]);
            })
            .ToList();
        return Task.FromResult<IReadOnlyList<LogStreamContent>?>(streams);
    }
}
