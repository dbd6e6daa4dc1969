using MlOps.Sdk.SageMaker;
using MlOps.Sdk.Tagging;

namespace MlOps.Sdk.Tests.Local;

/// <summary>GetResources in local mode, with the Resource Groups Tagging API's filter semantics.</summary>
public sealed class LocalResourceTaggingTests : IAsyncLifetime
{
    private readonly LocalTestHome home = new();

    public async Task InitializeAsync()
    {
        await CreateGroupAsync("churn", new Tag { Key = "Project", Value = "churn" }, new Tag { Key = "ManagedBy", Value = "MlOps.Sdk" });
        await CreateGroupAsync("fraud", new Tag { Key = "Project", Value = "fraud" }, new Tag { Key = "ManagedBy", Value = "MlOps.Sdk" });
        await CreateGroupAsync("handmade", new Tag { Key = "Project", Value = "churn" });
        await CreateGroupAsync("untagged");
    }

    public async Task DisposeAsync() => await home.DisposeAsync();

    [Fact]
    public async Task GetResources_EveryFilterMustMatch_ReturnsOnlyGroupsWithBothTags()
    {
        var found = await NamesAsync(new GetResourcesRequest
        {
            TagFilters = [Filter("ManagedBy", "MlOps.Sdk"), Filter("Project", "churn")],
        });

        Assert.Equal(["churn"], found);
    }

    [Fact]
    public async Task GetResources_FilterValuesAreAlternatives_ReturnsEitherProject()
    {
        var found = await NamesAsync(new GetResourcesRequest { TagFilters = [Filter("ManagedBy", "MlOps.Sdk"), Filter("Project", "churn", "fraud")] });

        Assert.Equal(["churn", "fraud"], found);
    }

    [Fact]
    public async Task GetResources_FilterWithoutValues_MatchesAnyValueOfTheKey()
    {
        var found = await NamesAsync(new GetResourcesRequest { TagFilters = [new TagFilter { Key = "Project" }] });

        Assert.Equal(["churn", "fraud", "handmade"], found);
    }

    [Fact]
    public async Task GetResources_NoTagFilter_ReturnsEveryTaggedResourceButNotUntaggedOnes()
    {
        var found = await NamesAsync(new GetResourcesRequest());

        Assert.Equal(["churn", "fraud", "handmade"], found);
    }

    [Theory]
    [InlineData("sagemaker", 3)]
    [InlineData("sagemaker:model-package-group", 3)]
    [InlineData("sagemaker:model", 0)]
    [InlineData("s3", 0)]
    public async Task GetResources_ResourceTypeFilter_MatchesServiceOrServiceAndType(string filter, int expected)
    {
        var found = await NamesAsync(new GetResourcesRequest { ResourceTypeFilters = [filter] });

        Assert.Equal(expected, found.Count);
    }

    [Fact]
    public async Task GetResources_DeletedGroup_IsNoLongerReturned()
    {
        await home.Client.DeleteModelPackageGroupAsync(new DeleteModelPackageGroupRequest { ModelPackageGroupName = "fraud" });

        var found = await NamesAsync(new GetResourcesRequest { TagFilters = [Filter("ManagedBy", "MlOps.Sdk")] });

        Assert.Equal(["churn"], found);
    }

    [Fact]
    public async Task GetResources_ResourcesPerPageAbove100_ThrowsBeforeReadingState()
    {
        var error = await Assert.ThrowsAsync<MlOpsValidationException>(() => NamesAsync(new GetResourcesRequest { ResourcesPerPage = 500 }));

        Assert.Equal("GetResourcesRequest.ResourcesPerPage", error.FieldName);
    }

    private static TagFilter Filter(string key, params string[] values) => new() { Key = key, Values = values };

    private async Task<List<string>> NamesAsync(GetResourcesRequest request)
    {
        var names = new List<string>();
        await foreach (var mapping in home.Tagging.GetResourcesAsync(request))
        {
            names.Add(mapping.ResourceARN![(mapping.ResourceARN!.LastIndexOf('/') + 1)..]);
        }

        return names.Order(StringComparer.Ordinal).ToList();
    }

    private Task CreateGroupAsync(string name, params Tag[] tags) =>
        home.Client.CreateModelPackageGroupAsync(new CreateModelPackageGroupRequest { ModelPackageGroupName = name, Tags = tags.Length == 0 ? null : tags });
}
