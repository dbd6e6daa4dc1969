using MlOps.Sdk.SageMaker;
using MlOps.Sdk.Storage;
using MlOps.Sdk.Tests.Fixtures;

namespace MlOps.Sdk.Tests.Aws;

/// <summary>Bad input fails with <see cref="MlOpsValidationException"/> naming the field, and no HTTP request is sent.</summary>
public sealed class AwsBadInputTests : IDisposable
{
    private readonly AwsTestHost _host = new(
        new Uri("https://api.sagemaker.us-east-1.amazonaws.com/"),
        new RecordingHandler(_ => throw new InvalidOperationException("No request may be sent for bad input.")));

    public void Dispose() => _host.Dispose();

    [Theory]
    [InlineData("churn_train")]
    [InlineData("-churn")]
    [InlineData("")]
    [InlineData("a-name-that-is-far-too-long-for-sagemaker-which-allows-63-chars-only")]
    public async Task CreateTrainingJobAsync_InvalidName_ThrowsBeforeAnyRequest(string name)
    {
        var request = SageMakerTestRequests.TrainingJob("valid") with { TrainingJobName = name };

        var error = await Assert.ThrowsAsync<MlOpsValidationException>(() => _host.SageMaker.CreateTrainingJobAsync(request));

        Assert.Equal("CreateTrainingJobRequest.TrainingJobName", error.FieldName);
        Assert.Empty(_host.Handler.Requests);
    }

    [Fact]
    public async Task CreateTrainingJobAsync_MissingRole_ThrowsBeforeAnyRequest()
    {
        var request = SageMakerTestRequests.TrainingJob("churn-train-1") with { RoleArn = null! };

        var error = await Assert.ThrowsAsync<MlOpsValidationException>(() => _host.SageMaker.CreateTrainingJobAsync(request));

        Assert.Equal("CreateTrainingJobRequest.RoleArn", error.FieldName);
        Assert.Contains("required", error.Rule, StringComparison.Ordinal);
        Assert.Empty(_host.Handler.Requests);
    }

    [Theory]
    [InlineData("m5.large")]
    [InlineData("ml.m5")]
    [InlineData("ML.M5.LARGE")]
    public async Task CreateTrainingJobAsync_MalformedInstanceType_ThrowsBeforeAnyRequest(string instanceType)
    {
        var valid = SageMakerTestRequests.TrainingJob("churn-train-1");
        var request = valid with { ResourceConfig = valid.ResourceConfig! with { InstanceType = instanceType } };

        var error = await Assert.ThrowsAsync<MlOpsValidationException>(() => _host.SageMaker.CreateTrainingJobAsync(request));

        Assert.Equal("CreateTrainingJobRequest.ResourceConfig.InstanceType", error.FieldName);
        Assert.Empty(_host.Handler.Requests);
    }

    [Fact]
    public async Task CreateEndpointConfigAsync_MalformedInstanceType_ThrowsBeforeAnyRequest()
    {
        var valid = SageMakerTestRequests.EndpointConfig("churn-config-1", "churn-model-1");
        var request = valid with { ProductionVariants = [valid.ProductionVariants[0] with { InstanceType = "large" }] };

        var error = await Assert.ThrowsAsync<MlOpsValidationException>(() => _host.SageMaker.CreateEndpointConfigAsync(request));

        Assert.Equal("CreateEndpointConfigRequest.ProductionVariants[0].InstanceType", error.FieldName);
        Assert.Empty(_host.Handler.Requests);
    }

    [Fact]
    public async Task CreateTrainingJobAsync_101HyperParameters_ThrowsBeforeAnyRequest()
    {
        var hyperParameters = Enumerable.Range(0, 101).ToDictionary(i => $"p{i}", i => i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var request = SageMakerTestRequests.TrainingJob("churn-train-1") with { HyperParameters = hyperParameters };

        var error = await Assert.ThrowsAsync<MlOpsValidationException>(() => _host.SageMaker.CreateTrainingJobAsync(request));

        Assert.Equal("CreateTrainingJobRequest.HyperParameters", error.FieldName);
        Assert.Empty(_host.Handler.Requests);
    }

    [Fact]
    public async Task CreateTrainingJobAsync_HyperParameterValueOf257Characters_ThrowsBeforeAnyRequest()
    {
        var request = SageMakerTestRequests.TrainingJob("churn-train-1") with { HyperParameters = new Dictionary<string, string> { ["layers"] = new string('8', 257) } };

        var error = await Assert.ThrowsAsync<MlOpsValidationException>(() => _host.SageMaker.CreateTrainingJobAsync(request));

        Assert.Equal("CreateTrainingJobRequest.HyperParameters[layers]", error.FieldName);
        Assert.Contains("256", error.Rule, StringComparison.Ordinal);
        Assert.Empty(_host.Handler.Requests);
    }

    [Fact]
    public void Validate_HyperParameterValueOf256Characters_Passes()
    {
        var request = SageMakerTestRequests.TrainingJob("churn-train-1") with { HyperParameters = new Dictionary<string, string> { ["layers"] = new string('8', 256) } };

        request.Validate();
    }

    [Theory]
    [InlineData("auc=([0-9.]+")]
    [InlineData("auc=[0-9.]+")]
    public async Task CreateTrainingJobAsync_InvalidMetricRegex_ThrowsBeforeAnyRequest(string regex)
    {
        var valid = SageMakerTestRequests.TrainingJob("churn-train-1");
        var request = valid with
        {
            AlgorithmSpecification = valid.AlgorithmSpecification! with { MetricDefinitions = [new MetricDefinition { Name = "validation:auc", Regex = regex }] },
        };

        var error = await Assert.ThrowsAsync<MlOpsValidationException>(() => _host.SageMaker.CreateTrainingJobAsync(request));

        Assert.Equal("CreateTrainingJobRequest.AlgorithmSpecification.MetricDefinitions[0].Regex", error.FieldName);
        Assert.Empty(_host.Handler.Requests);
    }

    [Theory]
    [InlineData("s3:///data/train/")]
    [InlineData("data/train/")]
    public async Task CreateTrainingJobAsync_ChannelUriWithoutBucket_ThrowsBeforeAnyRequest(string uri)
    {
        var valid = SageMakerTestRequests.TrainingJob("churn-train-1");
        var channel = valid.InputDataConfig![0];
        var request = valid with
        {
            InputDataConfig = [channel with { DataSource = new DataSource { S3DataSource = channel.DataSource!.S3DataSource! with { S3Uri = uri } } }],
        };

        var error = await Assert.ThrowsAsync<MlOpsValidationException>(() => _host.SageMaker.CreateTrainingJobAsync(request));

        Assert.Equal("CreateTrainingJobRequest.InputDataConfig[0].DataSource.S3DataSource.S3Uri", error.FieldName);
        Assert.Empty(_host.Handler.Requests);
    }

    [Fact]
    public async Task CreateTrainingJobAsync_OutputPathWithoutBucket_ThrowsBeforeAnyRequest()
    {
        var request = SageMakerTestRequests.TrainingJob("churn-train-1") with { OutputDataConfig = new OutputDataConfig { S3OutputPath = "s3:///output/" } };

        var error = await Assert.ThrowsAsync<MlOpsValidationException>(() => _host.SageMaker.CreateTrainingJobAsync(request));

        Assert.Equal("CreateTrainingJobRequest.OutputDataConfig.S3OutputPath", error.FieldName);
        Assert.Empty(_host.Handler.Requests);
    }

    [Fact]
    public void S3UriParse_NoBucket_ThrowsNamingTheField()
    {
        var error = Assert.Throws<MlOpsValidationException>(() => S3Uri.Parse("s3:///releases/stable.zip", "ReleaseBucket"));

        Assert.Equal("ReleaseBucket", error.FieldName);
        Assert.Contains("no bucket", error.Rule, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeEndpointAsync_InvalidEndpointName_ThrowsBeforeAnyRequest()
    {
        var request = new InvokeEndpointRequest { EndpointName = "churn prod", Body = "{}"u8.ToArray() };

        var error = await Assert.ThrowsAsync<MlOpsValidationException>(() => _host.Runtime.InvokeEndpointAsync(request));

        Assert.Equal("InvokeEndpointRequest.EndpointName", error.FieldName);
        Assert.Empty(_host.Handler.Requests);
    }

    [Fact]
    public async Task ListModelPackagesAsync_InvalidGroupName_ThrowsAtCallBeforeAnyRequest()
    {
        var error = await Assert.ThrowsAsync<MlOpsValidationException>(async () =>
        {
            await foreach (var unused in _host.SageMaker.ListModelPackagesAsync(new ListModelPackagesRequest { ModelPackageGroupName = "bad name!" }))
            {
            }
        });

        Assert.Equal("ListModelPackagesRequest.ModelPackageGroupName", error.FieldName);
        Assert.Empty(_host.Handler.Requests);
    }

    [Fact]
    public async Task GetTrainingJobLogEventsAsync_InvalidJobName_ThrowsBeforeAnyRequest()
    {
        var error = await Assert.ThrowsAsync<MlOpsValidationException>(async () =>
        {
            await foreach (var unused in _host.Logs.GetTrainingJobLogEventsAsync("../etc"))
            {
            }
        });

        Assert.Equal("trainingJobName", error.FieldName);
        Assert.Empty(_host.Handler.Requests);
    }
}
