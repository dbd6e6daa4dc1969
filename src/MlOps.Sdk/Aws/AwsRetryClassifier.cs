using System.Net;
using System.Net.Sockets;

namespace MlOps.Sdk.Aws;

/// <summary>Which failures are worth another try, following the AWS SDKs' standard retry mode.</summary>
internal static class AwsRetryClassifier
{
    // botocore's standard retry mode: THROTTLING_ERROR_CODES and TRANSIENT_ERROR_CODES.
    private static readonly HashSet<string> RetryableErrorCodes = new(StringComparer.Ordinal)
    {
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException", "TooManyRequestsException",
        "ProvisionedThroughputExceededException", "TransactionInProgressException", "RequestLimitExceeded",
        "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
        "EC2ThrottledException", "RequestTimeout", "RequestTimeoutException",
    };

    /// <summary>
    /// Tells whether a response with this status and error code should be tried again: a throttling or transient code
    /// (SageMaker throttles with HTTP 400 <c>ThrottlingException</c>, the tagging API with <c>ThrottledException</c>), 429, or 5xx.
    /// </summary>
    public static bool IsRetryable(HttpStatusCode status, string? errorCode) =>
        (errorCode is not null && RetryableErrorCodes.Contains(errorCode))
        || status is HttpStatusCode.TooManyRequests or HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    /// <summary>Tells whether an exception from the transport is a transient network failure.</summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        HttpRequestException => true,
        IOException => true,
        SocketException => true,
        _ => false,
    };
}
