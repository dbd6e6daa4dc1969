using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MlOps.Sdk.Tests.Fixtures;

/// <summary>
/// The transport of layer tests: forwards each request to moto, answers in process the operations moto lacks the way
/// the API model says (UpdateEndpoint, DeleteModelPackageGroup, DeleteModelPackage, StopTrainingJob), and lets a test
/// replace any answer to stage a fault.
/// </summary>
/// <remarks>
/// UpdateEndpoint is emulated on top of moto's state: the endpoint's new config is remembered and DescribeEndpoint
/// answers from moto are rewritten to show it, unless <see cref="RollBackUpdates"/> makes SageMaker "roll back"
/// (the endpoint stays InService on its old config, as after a failed blue/green deployment).
/// </remarks>
public sealed class MotoGateway : IDisposable
{
    private readonly HttpClient _forward = new(new SocketsHttpHandler { AllowAutoRedirect = false });
    private readonly ConcurrentDictionary<string, string> _updatedConfigs = new(StringComparer.Ordinal);

    /// <summary>Replaces moto's answer when it returns non-null.</summary>
    public Func<RecordedRequest, JsonElement, HttpResponseMessage?>? Override { get; set; }

    /// <summary>When set, updates are accepted but the endpoint keeps serving its old config.</summary>
    public bool RollBackUpdates { get; set; }

    public RecordingHandler CreateHandler() => new(AnswerAsync);

    public void Dispose() => _forward.Dispose();

    private async Task<HttpResponseMessage> AnswerAsync(RecordedRequest request, CancellationToken cancellationToken)
    {
        using var document = request.Operation is not null && request.Body.Length > 0 ? JsonDocument.Parse(request.Body) : JsonDocument.Parse("{}");
        var body = document.RootElement;
        if (Override?.Invoke(request, body) is { } replaced)
        {
            return replaced;
        }

        switch (request.Operation)
        {
            case "UpdateEndpoint":
                var name = body.GetProperty("EndpointName").GetString()!;
                if (!RollBackUpdates)
                {
                    _updatedConfigs[name] = body.GetProperty("EndpointConfigName").GetString()!;
                }

                return ModelAnswers.Json(new { EndpointArn = $"arn:aws:sagemaker:us-east-1:{AwsTestHost.AccountId}:endpoint/{name.ToLowerInvariant()}" });
            case "DeleteModelPackageGroup" or "DeleteModelPackage" or "StopTrainingJob":
                return ModelAnswers.Json(new { });
        }

        var response = await ForwardAsync(request, cancellationToken);
        if (request.Operation == "DescribeEndpoint" && response.IsSuccessStatusCode
            && _updatedConfigs.TryGetValue(body.GetProperty("EndpointName").GetString()!, out var config))
        {
            var described = JsonNode.Parse(await response.Content.ReadAsByteArrayAsync(cancellationToken))!.AsObject();
            described["EndpointConfigName"] = config;
            response.Dispose();
            return ModelAnswers.Json(described);
        }

        return response;
    }

    private async Task<HttpResponseMessage> ForwardAsync(RecordedRequest request, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(request.Method, request.Uri) { Content = new ByteArrayContent(request.Body) };
        foreach (var (key, value) in request.Headers)
        {
            if (!message.Headers.TryAddWithoutValidation(key, value))
            {
                message.Content.Headers.TryAddWithoutValidation(key, value);
            }
        }

        var response = await _forward.SendAsync(message, cancellationToken);
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        return response;
    }
}
