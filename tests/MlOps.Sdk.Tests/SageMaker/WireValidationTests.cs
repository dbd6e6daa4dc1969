using System.Reflection;
using System.Text.RegularExpressions;
using MlOps.Sdk.SageMaker;

namespace MlOps.Sdk.Tests.SageMaker;

public sealed class WireValidationTests
{
    [Fact]
    public void WirePatterns_EveryModelPattern_CompilesInDotNet()
    {
        var fields = typeof(WirePatterns).GetFields(BindingFlags.Static | BindingFlags.NonPublic);

        Assert.NotEmpty(fields);
        Assert.All(fields, f => Assert.IsType<Regex>(f.GetValue(null)));
    }

    [Fact]
    public void Validate_TrainingJobNameWithUnderscore_NamesTheFieldAndPattern()
    {
        var request = new DescribeTrainingJobRequest { TrainingJobName = "bad_name" };

        var error = Assert.Throws<MlOpsValidationException>(() => request.Validate());

        Assert.Equal("DescribeTrainingJobRequest.TrainingJobName", error.FieldName);
        Assert.Contains("pattern", error.Rule);
    }

    [Fact]
    public void Validate_NestedListItemOutOfRange_NamesTheIndexedPath()
    {
        var request = new CreateEndpointConfigRequest
        {
            EndpointConfigName = "config-1",
            ProductionVariants = [new ProductionVariant { VariantName = "AllTraffic", ModelName = "m", InitialInstanceCount = 0 }],
        };

        var error = Assert.Throws<MlOpsValidationException>(() => request.Validate());

        Assert.Equal("CreateEndpointConfigRequest.ProductionVariants[0].InitialInstanceCount", error.FieldName);
    }

    [Fact]
    public void Validate_MissingRequiredString_SaysItIsRequired()
    {
        var request = new StopTrainingJobRequest { TrainingJobName = "" };

        var error = Assert.Throws<MlOpsValidationException>(() => request.Validate());

        Assert.Equal("is required", error.Rule);
    }

    [Fact]
    public void Validate_ValidCreateTrainingJob_DoesNotThrow()
    {
        var request = new CreateTrainingJobRequest
        {
            TrainingJobName = "churn-train-1",
            RoleArn = "arn:aws:iam::123456789012:role/SageMakerExecution",
            AlgorithmSpecification = new AlgorithmSpecification { TrainingImage = "123456789012.dkr.ecr.us-east-1.amazonaws.com/churn:1", TrainingInputMode = TrainingInputMode.File },
            OutputDataConfig = new OutputDataConfig { S3OutputPath = "s3://bucket/output" },
            ResourceConfig = new ResourceConfig { InstanceType = "ml.m5.large", InstanceCount = 1, VolumeSizeInGB = 10 },
            StoppingCondition = new StoppingCondition { MaxRuntimeInSeconds = 3600 },
            HyperParameters = new Dictionary<string, string> { ["epochs"] = "10" },
        };

        request.Validate();
    }
}
