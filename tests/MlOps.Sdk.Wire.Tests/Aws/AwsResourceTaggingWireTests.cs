using Microsoft.Extensions.DependencyInjection;
using MlOps.Sdk.SageMaker;
using MlOps.Sdk.Tagging;
using MlOps.Sdk.Tests.Fixtures;

namespace MlOps.Sdk.Tests.Aws;

/// <summary>
/// The Resource Groups Tagging API through the AWS adapter against moto; every request sent is then checked against
/// botocore's model of it.
/// </summary>
[Collection(MotoCollection.Name)]
public sealed class AwsResourceTaggingWireTests : IAsyncLifetime
{
    private readonly MotoServerFixture _moto;
    private AwsTestHost _host = null!;

    public AwsResourceTaggingWireTests(MotoServerFixture moto) => _moto = moto;

    private IResourceTaggingClient Client => _host.Services.GetRequiredService<IResourceTaggingClient>();

    public async Task InitializeAsync()
    {
        await _moto.ResetAsync();
        _host = new AwsTestHost(_moto.Endpoint, new RecordingHandler());
    }

    public Task DisposeAsync()
    {
        WireConformance.AssertAllConform(_host.Handler.Requests);
        _host.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task GetResourcesAsync_Models_SendsSignedJson11ToTagging()
    {
        await Client.GetResourcesAsync(Request(perPage: 100)).ToListAsync();

        var sent = Assert.Single(_host.Handler.Requests);
        Assert.Equal("ResourceGroupsTaggingAPI_20170126.GetResources", sent.Target);
        Assert.Equal("application/x-amz-json-1.1", sent.Headers["Content-Type"]);
        Assert.Contains("/us-east-1/tagging/aws4_request", sent.Headers["Authorization"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetResourcesAsync_PagesOfOne_FollowsPaginationTokenToEveryMatchingModel()
    {
        for (var i = 0; i < 3; i++)
        {
            await CreateModelAsync($"churn-m{i}", "churn");
        }

        await CreateModelAsync("fraud-m0", "fraud");

        var found = await Client.GetResourcesAsync(Request(perPage: 1)).ToListAsync();

        Assert.Equal(
            ["churn-m0", "churn-m1", "churn-m2"],
            found.Select(f => f.ResourceARN![(f.ResourceARN!.LastIndexOf('/') + 1)..]).Order(StringComparer.Ordinal));
        Assert.True(_host.Handler.Requests.Count(r => r.Target == "ResourceGroupsTaggingAPI_20170126.GetResources") >= 3);
        Assert.All(found, f => Assert.Contains(f.Tags!, t => t.Key == "Project" && t.Value == "churn"));
    }

    private static GetResourcesRequest Request(int perPage) => new()
    {
        TagFilters = [new TagFilter { Key = "ManagedBy", Values = ["MlOps.Sdk"] }, new TagFilter { Key = "Project", Values = ["churn"] }],
        ResourceTypeFilters = ["sagemaker:model"],
        ResourcesPerPage = perPage,
    };

    private Task CreateModelAsync(string name, string project) => _host.SageMaker.CreateModelAsync(new CreateModelRequest
    {
        ModelName = name,
        ExecutionRoleArn = AwsTestHost.RoleArn,
        PrimaryContainer = new ContainerDefinition { Image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/churn:1", ModelDataUrl = "s3://mlops-churn/models/1/model.tar.gz" },
        Tags = [new Tag { Key = "ManagedBy", Value = "MlOps.Sdk" }, new Tag { Key = "Project", Value = project }],
    });
}
