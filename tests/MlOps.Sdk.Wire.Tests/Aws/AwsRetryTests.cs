using System.Net;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Sdk.SageMaker;
using MlOps.Sdk.Tagging;
using MlOps.Sdk.Tests.Fixtures;

namespace MlOps.Sdk.Tests.Aws;

/// <summary>Faults: what is retried (throttling, 5xx, dropped connections), how often, and what is not.</summary>
public sealed class AwsRetryTests
{
    private static readonly Uri Endpoint = new("https://api.sagemaker.us-east-1.amazonaws.com/");
    private static readonly DescribeModelRequest Describe = new() { ModelName = "churn-model-1" };

    [Theory]
    [InlineData("ThrottlingException", HttpStatusCode.BadRequest)]
    [InlineData("Throttling", HttpStatusCode.BadRequest)]
    [InlineData("TooManyRequestsException", HttpStatusCode.TooManyRequests)]
    [InlineData("RequestLimitExceeded", HttpStatusCode.BadRequest)]
    public async Task Call_ThrottledThenSuccess_RetriesAndSucceeds(string errorType, HttpStatusCode status)
    {
        var answers = new Queue<HttpResponseMessage>([ModelAnswers.Error(status, errorType, "Rate exceeded"), ModelAnswers.Json(new { ModelName = "churn-model-1" })]);
        using var host = new AwsTestHost(Endpoint, new RecordingHandler(_ => answers.Dequeue()));

        var model = await host.SageMaker.DescribeModelAsync(Describe);

        Assert.Equal("churn-model-1", model.ModelName);
        Assert.Equal(2, host.Handler.Requests.Count);
        Assert.Single(((ImmediateTimeProvider)host.TimeProvider).Delays, d => d <= TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public async Task Call_Http429WithoutErrorCode_RetriesAndSucceeds()
    {
        var answers = new Queue<HttpResponseMessage>([new HttpResponseMessage(HttpStatusCode.TooManyRequests), ModelAnswers.Json(new { ModelName = "churn-model-1" })]);
        using var host = new AwsTestHost(Endpoint, new RecordingHandler(_ => answers.Dequeue()));

        var model = await host.SageMaker.DescribeModelAsync(Describe);

        Assert.Equal("churn-model-1", model.ModelName);
        Assert.Equal(2, host.Handler.Requests.Count);
    }

    [Fact]
    public async Task GetResources_ThrottledThenSuccess_RetriesAndSucceeds()
    {
        var answers = new Queue<HttpResponseMessage>([
            ModelAnswers.Error(HttpStatusCode.BadRequest, "ThrottledException", "Rate exceeded"),
            ModelAnswers.Json(new { ResourceTagMappingList = new[] { new { ResourceARN = "arn:aws:sagemaker:us-east-1:123456789012:model/churn-m" } } })]);
        using var host = new AwsTestHost(Endpoint, new RecordingHandler(_ => answers.Dequeue()));
        var tagging = host.Services.GetRequiredService<IResourceTaggingClient>();

        var found = await tagging.GetResourcesAsync(new GetResourcesRequest { ResourceTypeFilters = ["sagemaker:model"] }).ToListAsync();

        Assert.Equal("arn:aws:sagemaker:us-east-1:123456789012:model/churn-m", Assert.Single(found).ResourceARN);
        Assert.Equal(2, host.Handler.Requests.Count);
    }

    [Fact]
    public async Task Call_Retried_EachTryIsSignedOnce()
    {
        var answers = new Queue<HttpResponseMessage>([ModelAnswers.Error(HttpStatusCode.BadRequest, "ThrottlingException", "Rate exceeded"), ModelAnswers.Json(new { ModelName = "churn-model-1" })]);
        using var host = new AwsTestHost(Endpoint, new RecordingHandler(_ => answers.Dequeue()));

        await host.SageMaker.DescribeModelAsync(Describe);

        Assert.All(host.Handler.Requests, r =>
        {
            Assert.DoesNotContain(",AWS4-HMAC-SHA256", r.Headers["Authorization"], StringComparison.Ordinal);
            Assert.Equal("{\"ModelName\":\"churn-model-1\"}", r.BodyText);
        });
    }

    [Fact]
    public async Task Call_Repeated500s_RetriesUpToMaxAttemptsThenThrows()
    {
        using var host = new AwsTestHost(Endpoint, new RecordingHandler(_ => ModelAnswers.Error(HttpStatusCode.InternalServerError, "InternalFailure", "We encountered an internal error.")), maxAttempts: 4);

        var error = await Assert.ThrowsAsync<MlOpsException>(() => host.SageMaker.DescribeModelAsync(Describe));

        Assert.Equal("InternalFailure", error.ErrorCode);
        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.Equal(4, host.Handler.Requests.Count);
    }

    [Fact]
    public async Task Call_Repeated503s_BackoffGrowsAndStaysUnderItsCeiling()
    {
        using var host = new AwsTestHost(Endpoint, new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)), maxAttempts: 5);

        await Assert.ThrowsAsync<MlOpsException>(() => host.SageMaker.DescribeModelAsync(Describe));

        var delays = ((ImmediateTimeProvider)host.TimeProvider).Delays.Where(d => d <= TimeSpan.FromSeconds(20)).ToList();
        Assert.True(delays.Count <= 4, $"{delays.Count} waits for 5 tries");
        Assert.All(delays.Select((d, i) => (d, i)), x => Assert.InRange(x.d, TimeSpan.Zero, TimeSpan.FromMilliseconds(200 * Math.Pow(2, x.i))));
        Assert.Equal(5, host.Handler.Requests.Count);
    }

    [Theory]
    [InlineData("ValidationException")]
    [InlineData("ResourceNotFound")]
    [InlineData("ResourceLimitExceeded")]
    public async Task Call_ClientError_IsNotRetried(string errorType)
    {
        using var host = new AwsTestHost(Endpoint, new RecordingHandler(_ => ModelAnswers.Error(HttpStatusCode.BadRequest, errorType, "1 validation error detected")));

        var error = await Assert.ThrowsAsync<MlOpsException>(() => host.SageMaker.DescribeModelAsync(Describe));

        Assert.Equal(errorType, error.ErrorCode);
        Assert.Single(host.Handler.Requests);
        Assert.DoesNotContain(((ImmediateTimeProvider)host.TimeProvider).Delays, d => d <= TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task Call_ConnectionDroppedMidRequest_RetriesOnNewConnectionAndSucceeds()
    {
        await using var server = new DroppingHttpServer(dropCount: 2, answerJson: "{\"ModelName\":\"churn-model-1\"}");
        using var host = new AwsTestHost(server.Endpoint, new RecordingHandler());

        var model = await host.SageMaker.DescribeModelAsync(Describe);

        Assert.Equal("churn-model-1", model.ModelName);
        Assert.Equal(3, server.Requests);
    }

    [Fact]
    public async Task Call_ConnectionAlwaysDropped_ThrowsNetworkErrorAfterMaxAttempts()
    {
        await using var server = new DroppingHttpServer(dropCount: int.MaxValue, answerJson: "{}");
        using var host = new AwsTestHost(server.Endpoint, new RecordingHandler(), maxAttempts: 3);

        var error = await Assert.ThrowsAsync<MlOpsException>(() => host.SageMaker.DescribeModelAsync(Describe));

        Assert.Equal("NetworkError", error.ErrorCode);
        Assert.Equal("churn-model-1", error.ResourceName);
        Assert.Equal(3, server.Requests);
    }

    [Fact]
    public async Task Invoke_ServiceUnavailableThenSuccess_Retried()
    {
        var answers = new Queue<HttpResponseMessage>(
        [
            ModelAnswers.Error(HttpStatusCode.ServiceUnavailable, "ServiceUnavailable", "busy"),
            new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent("{\"score\":0.7}"u8.ToArray()) },
        ]);
        using var host = new AwsTestHost(new Uri("https://runtime.sagemaker.us-east-1.amazonaws.com/"), new RecordingHandler(_ => answers.Dequeue()));

        var response = await host.Runtime.InvokeEndpointAsync(new InvokeEndpointRequest { EndpointName = "churn-prod", Body = "[1,2]"u8.ToArray(), ContentType = "application/json" });

        Assert.Equal("{\"score\":0.7}", System.Text.Encoding.UTF8.GetString(response.Body.Span));
        Assert.Equal(2, host.Handler.Requests.Count);
        Assert.All(host.Handler.Requests, r => Assert.Equal("[1,2]", r.BodyText));
    }
}
