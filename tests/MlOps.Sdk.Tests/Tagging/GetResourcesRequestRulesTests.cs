using MlOps.Sdk.Tagging;

namespace MlOps.Sdk.Tests.Tagging;

/// <summary>The documented rules of GetResources that its API model does not carry, checked before any call.</summary>
public sealed class GetResourcesRequestRulesTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public void Validate_ResourcesPerPageOutside1To100_ThrowsNamingIt(int perPage)
    {
        var error = Assert.Throws<MlOpsValidationException>(() => new GetResourcesRequest { ResourcesPerPage = perPage }.Validate());

        Assert.Equal("GetResourcesRequest.ResourcesPerPage", error.FieldName);
    }

    [Fact]
    public void Validate_MoreThan100ResourceTypes_ThrowsNamingThem()
    {
        var request = new GetResourcesRequest { ResourceTypeFilters = Enumerable.Range(0, 101).Select(i => $"sagemaker:type{i}").ToList() };

        var error = Assert.Throws<MlOpsValidationException>(() => request.Validate());

        Assert.Equal("GetResourcesRequest.ResourceTypeFilters", error.FieldName);
    }

    [Fact]
    public void Validate_TagFilterWithoutKey_ThrowsNamingIt()
    {
        var request = new GetResourcesRequest { TagFilters = [new TagFilter { Values = ["churn"] }] };

        var error = Assert.Throws<MlOpsValidationException>(() => request.Validate());

        Assert.Equal("GetResourcesRequest.TagFilters[0].Key", error.FieldName);
    }
}
