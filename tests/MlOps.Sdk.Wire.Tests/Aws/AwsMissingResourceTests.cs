using System.Net;
using MlOps.Sdk.Tests.Fixtures;

namespace MlOps.Sdk.Tests.Aws;

/// <summary>
/// The AWS adapter turns SageMaker's answer to a call on a missing resource into an error the layers read as "not
/// found": the handler answers each operation as SageMaker does (moto's answers differ per operation).
/// </summary>
public sealed class AwsMissingResourceTests : IDisposable
{
    private readonly AwsTestHost _host = new(
        new Uri("https://api.sagemaker.us-east-1.amazonaws.com/"),
        new RecordingHandler(request => ModelAnswers.Error(
            HttpStatusCode.BadRequest,
            SageMakerMissingResourceCases.Code(request.Operation!),
            SageMakerMissingResourceCases.Message(request.Operation!) + " (answered for the test)")),
        maxAttempts: 1);

    public void Dispose()
    {
        WireConformance.AssertAllConform(_host.Handler.Requests);
        _host.Dispose();
    }

    [Theory]
    [MemberData(nameof(SageMakerMissingResourceCases.Operations), MemberType = typeof(SageMakerMissingResourceCases))]
    public async Task Call_ResourceMissing_ThrowsWhatTheLayersReadAsNotFound(string operation)
    {
        var error = await Assert.ThrowsAsync<MlOpsException>(() => SageMakerMissingResourceCases.CallAsync(operation, _host.SageMaker));

        Assert.Equal(SageMakerMissingResourceCases.Code(operation), error.ErrorCode);
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.True(ResourceErrors.IsNotFound(error), $"{operation}: '{error.Message}' is not read as not found");
    }
}
