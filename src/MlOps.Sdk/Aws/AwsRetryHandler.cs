using Microsoft.Extensions.Logging;

namespace MlOps.Sdk.Aws;

/// <summary>
/// Retries throttled, 5xx and dropped calls with jittered exponential backoff ("full jitter"), a bounded number of times.
/// </summary>
/// <remarks>
/// It sits outside the signing handler, so every try is a fresh copy of the request, signed anew with a current
/// timestamp. Client errors such as <c>ValidationException</c> are returned at once. Waits go through
/// <see cref="TimeProvider"/>, so tests do not sleep.
/// </remarks>
internal sealed partial class AwsRetryHandler : DelegatingHandler
{
    private const double MinimumBackoffMilliseconds = 1;

    private readonly AwsOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<AwsRetryHandler> _logger;

    public AwsRetryHandler(AwsOptions options, TimeProvider timeProvider, ILogger<AwsRetryHandler> logger)
    {
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var maxAttempts = Math.Max(1, _options.MaxAttempts);
        var body = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        for (var attempt = 1; ; attempt++)
        {
            var attemptRequest = Copy(request, body);
            using var attemptTimeout = new CancellationTokenSource(_options.AttemptTimeout, _timeProvider);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, attemptTimeout.Token);
            HttpResponseMessage response;
            try
            {
                response = await base.SendAsync(attemptRequest, linked.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && (AwsRetryClassifier.IsTransient(ex) || attemptTimeout.IsCancellationRequested))
            {
                attemptRequest.Dispose();
                if (attempt >= maxAttempts)
                {
                    if (attemptTimeout.IsCancellationRequested)
                    {
                        throw new TimeoutException($"{request.Method} {request.RequestUri} took longer than {_options.AttemptTimeout} on each of {attempt} tries.", ex);
                    }

                    throw;
                }

                var wait = Backoff(attempt);
                LogRetryAfterException(_logger, request.RequestUri, attempt, maxAttempts, ex.GetType().Name, ex.Message, wait.TotalMilliseconds);
                await Task.Delay(wait, _timeProvider, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (response.IsSuccessStatusCode || attempt >= maxAttempts)
            {
                return response;
            }

            var error = await AwsError.ReadAsync(response, cancellationToken).ConfigureAwait(false);
            if (!AwsRetryClassifier.IsRetryable(response.StatusCode, error.Code))
            {
                return response;
            }

            var delay = Backoff(attempt);
            LogRetryAfterError(_logger, request.RequestUri, attempt, maxAttempts, (int)response.StatusCode, error.Code, delay.TotalMilliseconds);
            response.Dispose();
            attemptRequest.Dispose();
            await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    private TimeSpan Backoff(int attempt) => Backoff(attempt, _options.BaseDelay, _options.MaxDelay, Random.Shared.NextDouble());

    /// <summary>
    /// The wait before try <paramref name="attempt"/> + 1: AWS's "full jitter", uniform in
    /// [0, min(max, base × 2^(attempt-1))] scaled by <paramref name="unitRandom"/> in [0, 1), but never under one
    /// millisecond. Task.Delay truncates to whole milliseconds, so a smaller draw would retry with no wait at all and
    /// a throttled caller would hit the service again at once.
    /// </summary>
    internal static TimeSpan Backoff(int attempt, TimeSpan baseDelay, TimeSpan maxDelay, double unitRandom)
    {
        var ceiling = baseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 30));
        var capped = Math.Min(ceiling, maxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(Math.Max(MinimumBackoffMilliseconds, capped * unitRandom));
    }

    private static HttpRequestMessage Copy(HttpRequestMessage original, byte[]? body)
    {
        var copy = new HttpRequestMessage(original.Method, original.RequestUri)
        {
            Version = original.Version,
            VersionPolicy = original.VersionPolicy,
        };
        foreach (var header in original.Headers)
        {
            copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        foreach (var option in original.Options)
        {
            ((IDictionary<string, object?>)copy.Options)[option.Key] = option.Value;
        }

        if (body is not null && original.Content is not null)
        {
            copy.Content = new ByteArrayContent(body);
            foreach (var header in original.Content.Headers)
            {
                copy.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        return copy;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "AWS call {Uri} failed on try {Attempt} of {MaxAttempts} ({ExceptionType}: {Reason}); retrying in {DelayMs:F0} ms")]
    private static partial void LogRetryAfterException(ILogger logger, Uri? uri, int attempt, int maxAttempts, string exceptionType, string reason, double delayMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "AWS call {Uri} answered HTTP {Status} {ErrorCode} on try {Attempt} of {MaxAttempts}; retrying in {DelayMs:F0} ms")]
    private static partial void LogRetryAfterError(ILogger logger, Uri? uri, int attempt, int maxAttempts, int status, string? errorCode, double delayMs);
}
