namespace MlOps.Sdk.Aws;

/// <summary>Sends a request and turns transport failures (after every retry) into <see cref="MlOpsException"/>s.</summary>
internal static class AwsTransport
{
    /// <summary>Sends <paramref name="message"/>; network failures and timeouts become <see cref="MlOpsException"/>s naming the operation.</summary>
    public static async Task<HttpResponseMessage> SendAsync(
        HttpClient client,
        HttpRequestMessage message,
        string operation,
        Uri endpoint,
        string? resourceName,
        CancellationToken cancellationToken)
    {
        try
        {
            return await client.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new MlOpsException($"{operation}: could not reach {endpoint.GetLeftPart(UriPartial.Authority)}: {ex.Message}", "NetworkError", null, resourceName, ex);
        }
        catch (TimeoutException ex)
        {
            throw new MlOpsException($"{operation}: {ex.Message}", "RequestTimeout", null, resourceName, ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new MlOpsException($"{operation}: no answer from {endpoint.GetLeftPart(UriPartial.Authority)} within the call's timeout.", "RequestTimeout", null, resourceName, ex);
        }
    }
}
