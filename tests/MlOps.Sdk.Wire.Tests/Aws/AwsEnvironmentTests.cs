using MlOps.Sdk.Aws;

namespace MlOps.Sdk.Tests.Aws;

public sealed class AwsEnvironmentTests
{
    private static AwsEnvironment Create(AwsOptions options, Dictionary<string, string> environment) =>
        new(new MlOpsOptions { Region = "eu-west-1" }, options, name => environment.GetValueOrDefault(name));

    [Fact]
    public void Endpoint_NoOverride_IsRegionalAwsHost()
    {
        var environment = Create(new AwsOptions(), []);

        Assert.Equal(new Uri("https://api.sagemaker.eu-west-1.amazonaws.com/"), environment.Endpoint(AwsService.SageMaker));
        Assert.Equal(new Uri("https://runtime.sagemaker.eu-west-1.amazonaws.com/"), environment.Endpoint(AwsService.SageMakerRuntime));
        Assert.Equal(new Uri("https://logs.eu-west-1.amazonaws.com/"), environment.Endpoint(AwsService.Logs));
    }

    [Fact]
    public void Endpoint_ServiceVariableAndGlobalVariable_ServiceVariableWins()
    {
        var environment = Create(new AwsOptions(), new()
        {
            ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:5000",
            ["AWS_ENDPOINT_URL_SAGEMAKER"] = "http://127.0.0.1:6000",
        });

        Assert.Equal(new Uri("http://127.0.0.1:6000/"), environment.Endpoint(AwsService.SageMaker));
        Assert.Equal(new Uri("http://127.0.0.1:5000/"), environment.Endpoint(AwsService.SageMakerRuntime));
    }

    [Fact]
    public void Endpoint_RuntimeVariable_AppliesToRuntimeOnly()
    {
        var environment = Create(new AwsOptions(), new() { ["AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME"] = "http://127.0.0.1:7000" });

        Assert.Equal(new Uri("http://127.0.0.1:7000/"), environment.Endpoint(AwsService.SageMakerRuntime));
        Assert.Equal(new Uri("https://api.sagemaker.eu-west-1.amazonaws.com/"), environment.Endpoint(AwsService.SageMaker));
    }

    [Fact]
    public void Endpoint_OptionsAndEnvironment_OptionsWin()
    {
        var environment = Create(new AwsOptions { SageMakerEndpointUrl = new Uri("http://127.0.0.1:8000/") }, new() { ["AWS_ENDPOINT_URL_SAGEMAKER"] = "http://127.0.0.1:6000" });

        Assert.Equal(new Uri("http://127.0.0.1:8000/"), environment.Endpoint(AwsService.SageMaker));
    }

    [Fact]
    public void Endpoint_MalformedVariable_ThrowsNamingTheVariable()
    {
        var environment = Create(new AwsOptions(), new() { ["AWS_ENDPOINT_URL"] = "not a url" });

        var error = Assert.Throws<MlOpsValidationException>(() => environment.Endpoint(AwsService.SageMaker));

        Assert.Equal("AWS_ENDPOINT_URL", error.FieldName);
    }

    [Fact]
    public void Region_Configured_IsUsed()
    {
        Assert.Equal("eu-west-1", Create(new AwsOptions(), []).Region.SystemName);
    }
}
