using System.Text;
using MlOps.Sdk.SageMaker;

namespace MlOps.Sdk.Tests.Fakes;

/// <summary>
/// Answers invocations with the behaviour registered for the endpoint config the endpoint serves now, so a rollback
/// brings the old behaviour back. Errors are the runtime API's.
/// </summary>
public sealed class FakeSageMakerRuntimeClient(FakeSageMakerClient sageMaker) : ISageMakerRuntimeClient
{
    /// <summary>Answers by endpoint config name; a config without one echoes the request.</summary>
    public Dictionary<string, Func<string, string>> Behaviours { get; } = new(StringComparer.Ordinal);

    /// <summary>Answers for every config not in <see cref="Behaviours"/>, or <see langword="null"/> to echo.</summary>
    public Func<string, string>? DefaultBehaviour { get; set; }

    public int Invocations { get; private set; }

    public Task<InvokeEndpointResponse> InvokeEndpointAsync(InvokeEndpointRequest request, CancellationToken cancellationToken = default)
    {
        Invocations++;
        var config = sageMaker.ServedConfig(request.EndpointName)
            ?? throw new MlOpsException($"Endpoint {request.EndpointName} of account {FakeSageMakerClient.Account} not found.", "ValidationError", System.Net.HttpStatusCode.BadRequest, request.EndpointName);
        var behaviour = Behaviours.TryGetValue(config, out var b) ? b : DefaultBehaviour ?? (body => body);
        string answer;
        try
        {
            answer = behaviour(Encoding.UTF8.GetString(request.Body.Span));
        }
        catch (InvalidOperationException e)
        {
            throw new MlOpsException($"Received client error (400) from primary with message \"{e.Message}\".", "ModelError", (System.Net.HttpStatusCode)424, request.EndpointName);
        }

        return Task.FromResult(new InvokeEndpointResponse { Body = Encoding.UTF8.GetBytes(answer), ContentType = "application/json", InvokedProductionVariant = "AllTraffic" });
    }
}
