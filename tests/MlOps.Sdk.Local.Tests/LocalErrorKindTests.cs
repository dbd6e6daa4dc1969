using MlOps.Sdk.SageMaker;
using MlOps.Sdk.Tests.Fixtures;

namespace MlOps.Sdk.Tests.Local;

/// <summary>
/// Local mode answers a taken name with SageMaker's code (a plain ValidationException for models and groups) and states
/// the kind itself, as the AWS adapter reads it from SageMaker's answer. Missing resources: LocalMissingResourceTests.
/// </summary>
public sealed class LocalErrorKindTests : IAsyncLifetime
{
    private readonly LocalTestHome home = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await home.DisposeAsync();

    [Fact]
    public async Task CreateModelPackageGroup_NameTaken_IsValidationExceptionOfKindAlreadyExists()
    {
        var group = new CreateModelPackageGroupRequest { ModelPackageGroupName = "kind-group" };
        await home.Client.CreateModelPackageGroupAsync(group);

        var error = await Assert.ThrowsAsync<MlOpsException>(() => home.Client.CreateModelPackageGroupAsync(group));

        Assert.Equal(MlOpsErrorCodes.ValidationException, error.ErrorCode);
        Assert.Equal(MlOpsErrorKind.AlreadyExists, error.Kind);
    }

    [Fact]
    public async Task CreateModel_NameTaken_IsValidationExceptionOfKindAlreadyExists()
    {
        var image = await home.RegisterServerAsync();
        var model = SageMakerTestRequests.Model("kind-model") with { PrimaryContainer = new ContainerDefinition { Image = image } };
        await home.Client.CreateModelAsync(model);

        var error = await Assert.ThrowsAsync<MlOpsException>(() => home.Client.CreateModelAsync(model));

        Assert.Equal(MlOpsErrorCodes.ValidationException, error.ErrorCode);
        Assert.Equal(MlOpsErrorKind.AlreadyExists, error.Kind);
    }
}
