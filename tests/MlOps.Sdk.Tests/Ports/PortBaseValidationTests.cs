using MlOps.Sdk.SageMaker;
using MlOps.Sdk.Scaling;
using MlOps.Sdk.Tagging;
using MlOps.Sdk.Tests.Fakes;
using MlOps.Sdk.Tests.Fixtures;

namespace MlOps.Sdk.Tests.Ports;

/// <summary>
/// The generated bases are the one place a port request is validated: a request AWS would refuse never reaches an
/// adapter's <c>...CoreAsync</c>, so no adapter can forget the check or run it twice.
/// </summary>
public sealed class PortBaseValidationTests
{
    [Fact]
    public async Task CreateTrainingJobAsync_NameBreaksModelPattern_ThrowsBeforeAdapterRuns()
    {
        var client = new SageMakerAnsweringNothing();
        var request = SageMakerTestRequests.TrainingJob("has_underscore");

        var error = await Assert.ThrowsAsync<MlOpsValidationException>(() => client.CreateTrainingJobAsync(request));

        Assert.Contains("TrainingJobName", error.Message, StringComparison.Ordinal);
        Assert.Empty(client.Calls);
    }

    [Fact]
    public async Task DescribeEndpointAsync_NullRequest_ThrowsArgumentNullException()
    {
        var client = new SageMakerAnsweringNothing();

        await Assert.ThrowsAsync<ArgumentNullException>(() => client.DescribeEndpointAsync(null!));

        Assert.Empty(client.Calls);
    }

    [Fact]
    public void ListEndpointsAsync_MaxResultsOutOfRange_ThrowsWhenCalledNotWhenEnumerated()
    {
        var client = new SageMakerAnsweringNothing();

        var error = Assert.Throws<MlOpsValidationException>(() => client.ListEndpointsAsync(new ListEndpointsRequest { MaxResults = 0 }));

        Assert.Contains("MaxResults", error.Message, StringComparison.Ordinal);
        Assert.Empty(client.Calls);
    }

    [Fact]
    public async Task DescribeEndpointAsync_ValidRequest_ReachesAdapterOnceAndIsRecorded()
    {
        var client = new SageMakerAnsweringDescribeEndpoint();
        var request = new DescribeEndpointRequest { EndpointName = "ep-1" };

        await client.DescribeEndpointAsync(request);

        var call = Assert.Single(client.Recorded);
        Assert.Equal("DescribeEndpoint", call.Operation);
        Assert.Same(request, call.Request);
    }

    [Fact]
    public async Task DescribeModelAsync_OperationNotAnswered_FailsNamingTheOverrideToWrite()
    {
        var client = new SageMakerAnsweringNothing();

        var error = await Assert.ThrowsAsync<NotSupportedException>(() => client.DescribeModelAsync(new DescribeModelRequest { ModelName = "m" }));

        Assert.Contains("OnDescribeModelAsync", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RegisterScalableTargetAsync_ResourceIdEmpty_ThrowsBeforeAdapterRuns()
    {
        var client = new ScalingAnsweringNothing();
        var request = new RegisterScalableTargetRequest
        {
            ServiceNamespace = "sagemaker",
            ResourceId = "",
            ScalableDimension = "sagemaker:variant:DesiredInstanceCount",
        };

        var error = await Assert.ThrowsAsync<MlOpsValidationException>(() => client.RegisterScalableTargetAsync(request));

        Assert.Contains("ResourceId", error.Message, StringComparison.Ordinal);
        Assert.Empty(client.Calls);
    }

    [Fact]
    public void GetResourcesAsync_ResourcesPerPageOverLimit_ThrowsBeforeAdapterRuns()
    {
        var client = new TaggingAnsweringNothing();

        var error = Assert.Throws<MlOpsValidationException>(() => client.GetResourcesAsync(new GetResourcesRequest { ResourcesPerPage = 101 }));

        Assert.Contains("ResourcesPerPage", error.Message, StringComparison.Ordinal);
        Assert.Empty(client.Calls);
    }

    private sealed class SageMakerAnsweringNothing : RecordingSageMakerClient;

    private sealed class SageMakerAnsweringDescribeEndpoint : RecordingSageMakerClient
    {
        protected override Task<DescribeEndpointResponse> OnDescribeEndpointAsync(DescribeEndpointRequest request, CancellationToken cancellationToken) =>
            Task.FromResult(new DescribeEndpointResponse
            {
                EndpointName = request.EndpointName,
                EndpointArn = FakeSageMakerClient.Arn("endpoint", request.EndpointName),
                EndpointStatus = EndpointStatus.InService,
                CreationTime = DateTimeOffset.UnixEpoch,
                LastModifiedTime = DateTimeOffset.UnixEpoch,
            });
    }

    private sealed class ScalingAnsweringNothing : RecordingApplicationAutoScalingClient;

    private sealed class TaggingAnsweringNothing : RecordingResourceTaggingClient;
}
