using System.Net;
using System.Text;
using MlOps.Sdk.SageMaker;
using MlOps.Sdk.Tests.Fixtures;

namespace MlOps.Sdk.Tests.Aws;

/// <summary>InvokeEndpoint over REST-JSON: request headers, response headers and the runtime API's errors.</summary>
public sealed class AwsSageMakerRuntimeClientTests
{
    private static readonly Uri RuntimeEndpoint = new("https://runtime.sagemaker.us-east-1.amazonaws.com/");

    private static InvokeEndpointRequest Request => new()
    {
        EndpointName = "churn-prod",
        Body = "{\"instances\":[[1,2,3]]}"u8.ToArray(),
        ContentType = "application/json",
        Accept = "application/json",
        CustomAttributes = "trace=abc",
        TargetVariant = "Blue",
        InferenceId = "ci-run-42",
    };

    [Fact]
    public async Task InvokeEndpointAsync_AllOptions_SendsRestJsonRequest()
    {
        using var host = new AwsTestHost(RuntimeEndpoint, new RecordingHandler(_ => Answer("{\"predictions\":[0.8]}")));

        await host.Runtime.InvokeEndpointAsync(Request);

        var sent = Assert.Single(host.Handler.Requests);
        Assert.Equal(HttpMethod.Post, sent.Method);
        Assert.Equal("https://runtime.sagemaker.us-east-1.amazonaws.com/endpoints/churn-prod/invocations", sent.Uri.ToString());
        Assert.Equal("application/json", sent.Headers["Content-Type"]);
        Assert.Equal("application/json", sent.Headers["Accept"]);
        Assert.Equal("trace=abc", sent.Headers["X-Amzn-SageMaker-Custom-Attributes"]);
        Assert.Equal("Blue", sent.Headers["X-Amzn-SageMaker-Target-Variant"]);
        Assert.Equal("ci-run-42", sent.Headers["X-Amzn-SageMaker-Inference-Id"]);
        Assert.Equal("{\"instances\":[[1,2,3]]}", sent.BodyText);
        Assert.Contains("/us-east-1/sagemaker/aws4_request", sent.Headers["Authorization"], StringComparison.Ordinal);
        WireConformance.AssertAllConform(host.Handler.Requests);
    }

    [Fact]
    public async Task InvokeEndpointAsync_Answer_ReadsBodyAndResponseHeaders()
    {
        using var host = new AwsTestHost(RuntimeEndpoint, new RecordingHandler(_ => Answer("{\"predictions\":[0.8]}")));

        var response = await host.Runtime.InvokeEndpointAsync(Request);

        Assert.Equal("{\"predictions\":[0.8]}", Encoding.UTF8.GetString(response.Body.Span));
        Assert.Equal("application/json", response.ContentType);
        Assert.Equal("Blue", response.InvokedProductionVariant);
        Assert.Equal("trace=abc;model=2", response.CustomAttributes);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, "ValidationError")]
    [InlineData(HttpStatusCode.FailedDependency, "ModelError")]
    [InlineData(HttpStatusCode.TooManyRequests, "ModelNotReadyException")]
    [InlineData(HttpStatusCode.InternalServerError, "InternalFailure")]
    [InlineData(HttpStatusCode.ServiceUnavailable, "ServiceUnavailable")]
    public async Task InvokeEndpointAsync_ErrorStatusWithoutType_MapsToRuntimeErrorCode(HttpStatusCode status, string expectedCode)
    {
        using var host = new AwsTestHost(RuntimeEndpoint, new RecordingHandler(_ => new HttpResponseMessage(status) { Content = new StringContent("{\"message\":\"failed\"}") }), maxAttempts: 2);

        var error = await Assert.ThrowsAsync<MlOpsException>(() => host.Runtime.InvokeEndpointAsync(Request));

        Assert.Equal(expectedCode, error.ErrorCode);
        Assert.Equal(status, error.StatusCode);
        Assert.Equal("churn-prod", error.ResourceName);
        Assert.Contains("failed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeEndpointAsync_ModelError_CarriesContainerAnswerAndIsNotRetried()
    {
        using var host = new AwsTestHost(RuntimeEndpoint, new RecordingHandler(_ => ModelAnswers.Json(
            new { __type = "ModelError", Message = "Received client error (400) from primary", OriginalStatusCode = 400, OriginalMessage = "bad feature count", LogStreamArn = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/sagemaker/Endpoints/churn-prod" },
            HttpStatusCode.FailedDependency)));

        var error = await Assert.ThrowsAsync<MlOpsException>(() => host.Runtime.InvokeEndpointAsync(Request));

        Assert.Equal("ModelError", error.ErrorCode);
        Assert.Contains("bad feature count", error.Message, StringComparison.Ordinal);
        Assert.Contains("/aws/sagemaker/Endpoints/churn-prod", error.Message, StringComparison.Ordinal);
        Assert.Single(host.Handler.Requests);
    }

    private static HttpResponseMessage Answer(string json)
    {
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        response.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        response.Headers.TryAddWithoutValidation("X-Amzn-Invoked-Production-Variant", "Blue");
        response.Headers.TryAddWithoutValidation("X-Amzn-SageMaker-Custom-Attributes", "trace=abc;model=2");
        return response;
    }
}
