using MlOps.Sdk.SageMaker;
using MlOps.Sdk.Tests.Fixtures;

namespace MlOps.Sdk.Tests.Local;

/// <summary>Local mode refuses each request that SageMaker refuses by a documented rule, as the AWS adapter does.</summary>
public sealed class LocalSageMakerRulesTests : IAsyncLifetime
{
    private readonly LocalTestHome home = new();

    public async Task InitializeAsync()
    {
        // The fleet-sized rule reads the new config, so it has to exist: 3 instances, as in the AWS adapter's test.
        var image = await home.RegisterServerAsync();
        var model = await home.UploadModelAsync("models/rules.tar.gz", 1);
        await home.CreateModelAndConfigAsync("churn-model-3", image, model);
        await home.Client.CreateEndpointConfigAsync(SageMakerRuleCases.ThreeInstanceConfig("churn-model-3"));
    }

    public async Task DisposeAsync() => await home.DisposeAsync();

    [Theory]
    [MemberData(nameof(SageMakerRuleCases.Names), MemberType = typeof(SageMakerRuleCases))]
    public async Task Call_RequestBreaksDocumentedRule_RefusedWithSageMakersErrorCode(string rule)
    {
        var error = await Assert.ThrowsAsync<MlOpsValidationException>(() => SageMakerRuleCases.CallAsync(rule, home.Client));

        Assert.Equal(SageMakerRuleCases.Field(rule), error.FieldName);
        Assert.Equal("ValidationException", error.ServiceErrorCode);
    }

    [Fact]
    public async Task CreateModelPackage_TagsWithGroup_RegistersNothing()
    {
        await home.Client.CreateModelPackageGroupAsync(new CreateModelPackageGroupRequest { ModelPackageGroupName = "churn-models" });

        await Assert.ThrowsAsync<MlOpsValidationException>(() => SageMakerRuleCases.CallAsync("CreateModelPackage tags with a group", home.Client));

        var versions = new List<ModelPackageSummary>();
        await foreach (var version in home.Client.ListModelPackagesAsync(new ListModelPackagesRequest { ModelPackageGroupName = "churn-models" }))
        {
            versions.Add(version);
        }

        Assert.Empty(versions);
    }
}
