using System.Net;
using System.Text;
using MlOps.Sdk.SageMaker;
using MlOps.Sdk.Tests.Fixtures;

namespace MlOps.Sdk.Tests.Aws;

/// <summary>
/// The AWS adapter refuses each request that breaks a documented SageMaker rule before sending it (moto would accept
/// them all): the refusal names the field and carries the code SageMaker answers with.
/// </summary>
public sealed class AwsSageMakerRulesTests : IDisposable
{
    // The only call a rule may make first is the read of the new endpoint config, which bounds a size given in instances.
    private static readonly string ThreeInstanceConfigJson =
        $$"""{"EndpointConfigName":"{{SageMakerRuleCases.ConfigName}}","EndpointConfigArn":"arn:aws:sagemaker:us-east-1:123456789012:endpoint-config/{{SageMakerRuleCases.ConfigName}}","ProductionVariants":[{"VariantName":"AllTraffic","ModelName":"churn-model-3","InitialInstanceCount":3,"InstanceType":"ml.m5.large"}],"CreationTime":1700000000.0}""";

    private readonly AwsTestHost _host = new(
        new Uri("https://api.sagemaker.us-east-1.amazonaws.com/"),
        new RecordingHandler(request => request.Operation == "DescribeEndpointConfig"
            ? new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(ThreeInstanceConfigJson, Encoding.UTF8, "application/x-amz-json-1.1") }
            : throw new InvalidOperationException($"No {request.Operation} request may be sent for a request that breaks a rule.")));

    public void Dispose() => _host.Dispose();

    [Theory]
    [MemberData(nameof(SageMakerRuleCases.Names), MemberType = typeof(SageMakerRuleCases))]
    public async Task Call_RequestBreaksDocumentedRule_RefusedBeforeSendingIt(string rule)
    {
        var error = await Assert.ThrowsAsync<MlOpsValidationException>(() => SageMakerRuleCases.CallAsync(rule, _host.SageMaker));

        Assert.Equal(SageMakerRuleCases.Field(rule), error.FieldName);
        Assert.Equal("ValidationException", error.ServiceErrorCode);
        Assert.DoesNotContain(_host.Handler.Requests, r => r.Operation != "DescribeEndpointConfig");
    }
}
