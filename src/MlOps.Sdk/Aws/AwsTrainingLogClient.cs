using System.Runtime.CompilerServices;
using MlOps.Sdk.Naming;
using MlOps.Sdk.SageMaker;

namespace MlOps.Sdk.Aws;

/// <summary>
/// Reads training logs from CloudWatch Logs (<c>Logs_20140328.FilterLogEvents</c> on <c>/aws/sagemaker/TrainingJobs</c>,
/// streams <c>&lt;job&gt;/…</c>), over AWS JSON 1.1 signed for <c>logs</c>.
/// </summary>
internal sealed class AwsTrainingLogClient : ITrainingLogClient
{
    /// <summary>The log group SageMaker writes training jobs' output to.</summary>
    internal const string LogGroupName = "/aws/sagemaker/TrainingJobs";

    private readonly AwsJsonProtocolClient _json;

    public AwsTrainingLogClient(IHttpClientFactory httpClientFactory, AwsEnvironment environment)
    {
        _json = new AwsJsonProtocolClient(httpClientFactory, environment, AwsService.Logs, "Logs_20140328");
    }

    /// <inheritdoc />
    public IAsyncEnumerable<TrainingLogEvent> GetTrainingJobLogEventsAsync(string trainingJobName, DateTimeOffset? startTime = null, CancellationToken cancellationToken = default)
    {
        SageMakerNameRules.Validate(trainingJobName, nameof(trainingJobName));
        var request = new FilterLogEventsRequest
        {
            LogGroupName = LogGroupName,
            LogStreamNamePrefix = trainingJobName + "/",
            StartTime = startTime?.ToUnixTimeMilliseconds(),
        };
        return ReadAsync(request, cancellationToken);
    }

    private async IAsyncEnumerable<TrainingLogEvent> ReadAsync(FilterLogEventsRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var pages = _json.PaginateAsync<FilterLogEventsResponse, FilteredLogEvent>(
            "FilterLogEvents", AwsJsonProtocolClient.Serialize(request), "nextToken", page => page.Events, page => page.NextToken, cancellationToken);
        await using var events = pages.GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            try
            {
                if (!await events.MoveNextAsync().ConfigureAwait(false))
                {
                    yield break;
                }
            }
            catch (MlOpsException ex) when (ex.ErrorCode == MlOpsErrorCodes.ResourceNotFoundException)
            {
                // The group or streams appear only once the job's instances start writing: no log yet is not an error.
                yield break;
            }

            var item = events.Current;
            if (item.LogStreamName is not null && !item.LogStreamName.StartsWith(request.LogStreamNamePrefix!, StringComparison.Ordinal))
            {
                continue; // another job's stream (a job whose name extends this one's is excluded by the "/" in the prefix)
            }

            yield return new TrainingLogEvent(
                DateTimeOffset.FromUnixTimeMilliseconds(item.Timestamp ?? 0),
                (item.Message ?? string.Empty).TrimEnd('\r', '\n'),
                item.LogStreamName ?? string.Empty);
        }
    }
}
