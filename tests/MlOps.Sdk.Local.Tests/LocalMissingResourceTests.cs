using MlOps.Sdk.Tests.Fixtures;

namespace MlOps.Sdk.Tests.Local;

/// <summary>Local mode answers a call on a missing resource with SageMaker's error code and message.</summary>
public sealed class LocalMissingResourceTests : IAsyncLifetime
{
    private readonly LocalTestHome home = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await home.DisposeAsync();

    [Theory]
    [MemberData(nameof(SageMakerMissingResourceCases.Operations), MemberType = typeof(SageMakerMissingResourceCases))]
    public async Task Call_ResourceMissing_AnswersAsSageMakerDoes(string operation)
    {
        var error = await Assert.ThrowsAsync<MlOpsException>(() => SageMakerMissingResourceCases.CallAsync(operation, home.Client));

        Assert.Equal(SageMakerMissingResourceCases.Code(operation), error.ErrorCode);
        Assert.StartsWith(SageMakerMissingResourceCases.Message(operation), error.Message, StringComparison.Ordinal);
        Assert.True(ResourceErrors.IsNotFound(error), $"{operation}: '{error.Message}' is not read as not found");
    }
}
