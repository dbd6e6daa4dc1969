using System.Net;
using System.Text;
using System.Text.Json;

namespace MlOps.Sdk.Tests.Fixtures;

/// <summary>In-process answers shaped the way the API model says a service answers.</summary>
public static class ModelAnswers
{
    /// <summary>A JSON 1.1 success answer.</summary>
    public static HttpResponseMessage Json(object body, HttpStatusCode status = HttpStatusCode.OK) => new(status)
    {
        Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body))
        {
            Headers = { ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-amz-json-1.1") },
        },
    };

    /// <summary>A JSON 1.1 error answer, as AWS sends it: <c>{"__type": ..., "Message": ...}</c>.</summary>
    public static HttpResponseMessage Error(HttpStatusCode status, string type, string message, string messageMember = "Message") =>
        Json(new Dictionary<string, string> { ["__type"] = type, [messageMember] = message }, status);

    /// <summary>The success answer of a SageMaker operation whose output the API model defines as given (or none).</summary>
    public static HttpResponseMessage SageMakerSuccess(RecordedRequest request)
    {
        var model = BotocoreModel.SageMaker;
        var output = model.OutputShapeOf(request.Operation!);
        if (output is null)
        {
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes("{}")) };
        }

        using var body = JsonDocument.Parse(request.Body);
        return request.Operation switch
        {
            "UpdateEndpoint" => Json(new { EndpointArn = $"arn:aws:sagemaker:us-east-1:{AwsTestHost.AccountId}:endpoint/{body.RootElement.GetProperty("EndpointName").GetString()!.ToLowerInvariant()}" }),
            _ => throw new InvalidOperationException($"No canned answer for {request.Operation}."),
        };
    }
}
