using MlOps.Sdk.SageMaker;

namespace MlOps.Sdk.Tests.Local;

public sealed class LocalModelRegistryTests : IAsyncLifetime
{
    private readonly LocalTestHome home = new();

    public Task InitializeAsync() => home.Client.CreateModelPackageGroupAsync(new CreateModelPackageGroupRequest
    {
        ModelPackageGroupName = "churn",
        ModelPackageGroupDescription = "churn models",
        Tags = [new Tag { Key = "project", Value = "churn" }],
    });

    public async Task DisposeAsync() => await home.DisposeAsync();

    [Fact]
    public async Task CreateModelPackage_ThreeVersions_NumbersThemAndShapesArnsLikeSageMaker()
    {
        var arns = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            arns.Add((await home.Client.CreateModelPackageAsync(Package())).ModelPackageArn);
        }

        Assert.Equal(
            ["arn:aws:sagemaker:us-east-1:000000000000:model-package/churn/1", "arn:aws:sagemaker:us-east-1:000000000000:model-package/churn/2", "arn:aws:sagemaker:us-east-1:000000000000:model-package/churn/3"],
            arns);
    }

    [Fact]
    public async Task CreateModelPackage_ConcurrentRegistrations_GetDistinctVersions()
    {
        var arns = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () => (await home.Client.CreateModelPackageAsync(Package())).ModelPackageArn)));

        Assert.Equal(8, arns.Distinct().Count());
    }

    [Fact]
    public async Task CreateModelPackage_NoApprovalStatus_IsPendingManualApproval()
    {
        var arn = (await home.Client.CreateModelPackageAsync(Package())).ModelPackageArn;

        var package = await home.Client.DescribeModelPackageAsync(new DescribeModelPackageRequest { ModelPackageName = arn });

        Assert.Equal(ModelApprovalStatus.PendingManualApproval, package.ModelApprovalStatus);
        Assert.Equal(ModelPackageStatus.Completed, package.ModelPackageStatus);
        Assert.Equal(1, package.ModelPackageVersion);
    }

    [Fact]
    public async Task UpdateModelPackage_ApproveThenReject_KeepsEachStatusAndDescription()
    {
        var arn = (await home.Client.CreateModelPackageAsync(Package())).ModelPackageArn;

        await home.Client.UpdateModelPackageAsync(new UpdateModelPackageRequest { ModelPackageArn = arn, ModelApprovalStatus = ModelApprovalStatus.Approved, ApprovalDescription = "gate passed" });
        var approved = await home.Client.DescribeModelPackageAsync(new DescribeModelPackageRequest { ModelPackageName = arn });
        await home.Client.UpdateModelPackageAsync(new UpdateModelPackageRequest { ModelPackageArn = arn, ModelApprovalStatus = ModelApprovalStatus.Rejected, ApprovalDescription = "rolled back" });
        var rejected = await home.Client.DescribeModelPackageAsync(new DescribeModelPackageRequest { ModelPackageName = arn });

        Assert.Equal((ModelApprovalStatus.Approved, "gate passed"), (approved.ModelApprovalStatus!.Value, approved.ApprovalDescription!));
        Assert.Equal((ModelApprovalStatus.Rejected, "rolled back"), (rejected.ModelApprovalStatus!.Value, rejected.ApprovalDescription!));
    }

    [Fact]
    public async Task UpdateModelPackage_MetadataAddedAndRemoved_MergesLikeSageMaker()
    {
        var arn = (await home.Client.CreateModelPackageAsync(Package() with { CustomerMetadataProperties = new Dictionary<string, string> { ["commit"] = "abc", ["pr"] = "7" } })).ModelPackageArn;

        await home.Client.UpdateModelPackageAsync(new UpdateModelPackageRequest
        {
            ModelPackageArn = arn,
            CustomerMetadataProperties = new Dictionary<string, string> { ["accuracy"] = "0.93" },
            CustomerMetadataPropertiesToRemove = ["pr"],
        });
        var package = await home.Client.DescribeModelPackageAsync(new DescribeModelPackageRequest { ModelPackageName = arn });

        Assert.Equal(new Dictionary<string, string> { ["accuracy"] = "0.93", ["commit"] = "abc" }, package.CustomerMetadataProperties!.OrderBy(p => p.Key).ToDictionary());
    }

    [Fact]
    public async Task ListModelPackages_ApprovedFilterDescending_ReturnsNewestApprovedFirst()
    {
        var first = (await home.Client.CreateModelPackageAsync(Package() with { ModelApprovalStatus = ModelApprovalStatus.Approved })).ModelPackageArn;
        await home.Client.CreateModelPackageAsync(Package());
        var third = (await home.Client.CreateModelPackageAsync(Package() with { ModelApprovalStatus = ModelApprovalStatus.Approved })).ModelPackageArn;

        var listed = new List<string>();
        await foreach (var p in home.Client.ListModelPackagesAsync(new ListModelPackagesRequest { ModelPackageGroupName = "churn", ModelApprovalStatus = ModelApprovalStatus.Approved, SortOrder = SortOrder.Descending }))
        {
            listed.Add(p.ModelPackageArn);
        }

        Assert.Equal([third, first], listed);
    }

    [Fact]
    public async Task CreateModelPackageGroup_NameTaken_ThrowsAlreadyExists()
    {
        var error = await Assert.ThrowsAsync<MlOpsException>(() => home.Client.CreateModelPackageGroupAsync(new CreateModelPackageGroupRequest { ModelPackageGroupName = "churn" }));

        Assert.Equal("ValidationException", error.ErrorCode);
        Assert.Contains("already exists", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeleteModelPackageGroup_WithVersions_IsRefusedUntilVersionsAreDeleted()
    {
        var arn = (await home.Client.CreateModelPackageAsync(Package())).ModelPackageArn;

        await Assert.ThrowsAsync<MlOpsException>(() => home.Client.DeleteModelPackageGroupAsync(new DeleteModelPackageGroupRequest { ModelPackageGroupName = "churn" }));
        await home.Client.DeleteModelPackageAsync(new DeleteModelPackageRequest { ModelPackageName = arn });
        await home.Client.DeleteModelPackageGroupAsync(new DeleteModelPackageGroupRequest { ModelPackageGroupName = "churn" });

        await Assert.ThrowsAsync<MlOpsException>(() => home.Client.DescribeModelPackageGroupAsync(new DescribeModelPackageGroupRequest { ModelPackageGroupName = "churn" }));
    }

    [Fact]
    public async Task AddTags_ModelPackageTwice_ListTagsReturnsTheLatestValues()
    {
        var arn = (await home.Client.CreateModelPackageAsync(Package())).ModelPackageArn;

        await home.Client.AddTagsAsync(new AddTagsRequest { ResourceArn = arn, Tags = [new Tag { Key = "commit", Value = "abc123" }, new Tag { Key = "release", Value = "candidate" }] });
        await home.Client.AddTagsAsync(new AddTagsRequest { ResourceArn = arn, Tags = [new Tag { Key = "release", Value = "stable" }] });
        var tags = new List<string>();
        await foreach (var tag in home.Client.ListTagsAsync(new ListTagsRequest { ResourceArn = arn }))
        {
            tags.Add($"{tag.Key}={tag.Value}");
        }

        Assert.Equal(["commit=abc123", "release=stable"], tags);
    }

    [Fact]
    public async Task UpdateModelPackage_MetadataSetAndRemoved_MergesIntoTheExistingKeys()
    {
        var arn = (await home.Client.CreateModelPackageAsync(Package() with
        {
            CustomerMetadataProperties = new Dictionary<string, string> { ["TrainingJobName"] = "job-1", ["gate:threshold"] = "0.9", ["gate:decision"] = "rejected" },
        })).ModelPackageArn;

        await home.Client.UpdateModelPackageAsync(new UpdateModelPackageRequest
        {
            ModelPackageArn = arn,
            CustomerMetadataProperties = new Dictionary<string, string> { ["gate:decision"] = "approved", ["gate:margin"] = "0.01" },
            CustomerMetadataPropertiesToRemove = ["gate:threshold"],
        });
        var metadata = (await home.Client.DescribeModelPackageAsync(new DescribeModelPackageRequest { ModelPackageName = arn })).CustomerMetadataProperties!;

        Assert.Equal(
            ["TrainingJobName=job-1", "gate:decision=approved", "gate:margin=0.01"],
            metadata.Select(p => $"{p.Key}={p.Value}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ListTags_UnknownResource_ThrowsResourceNotFound()
    {
        var error = await Assert.ThrowsAsync<MlOpsException>(async () =>
        {
            await foreach (var _ in home.Client.ListTagsAsync(new ListTagsRequest { ResourceArn = "arn:aws:sagemaker:us-east-1:000000000000:endpoint/none" }))
            {
            }
        });

        Assert.Equal("ResourceNotFound", error.ErrorCode);
    }

    private static CreateModelPackageRequest Package() => new()
    {
        ModelPackageGroupName = "churn",
        InferenceSpecification = new InferenceSpecification
        {
            Containers = [new ModelPackageContainerDefinition { Image = "000000000000.dkr.ecr.us-east-1.amazonaws.com/churn:1", ModelDataUrl = "s3://test-bucket/output/job/output/model.tar.gz" }],
            SupportedContentTypes = ["text/csv"],
            SupportedResponseMIMETypes = ["application/json"],
        },
    };
}
