using MlOps.Sdk.SageMaker;

namespace MlOps.Sdk.Tests.Fixtures;

/// <summary>Valid requests of the SageMaker control plane, built as an application would.</summary>
public static class SageMakerTestRequests
{
    public const string Image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/churn:1.0";

    public static CreateTrainingJobRequest TrainingJob(string name) => new()
    {
        TrainingJobName = name,
        RoleArn = AwsTestHost.RoleArn,
        AlgorithmSpecification = new AlgorithmSpecification
        {
            TrainingImage = Image,
            TrainingInputMode = TrainingInputMode.File,
            MetricDefinitions = [new MetricDefinition { Name = "validation:auc", Regex = "auc=([0-9.]+)" }],
        },
        HyperParameters = new Dictionary<string, string> { ["epochs"] = "10", ["learning_rate"] = "0.05" },
        InputDataConfig =
        [
            new Channel
            {
                ChannelName = "train",
                DataSource = new DataSource
                {
                    S3DataSource = new S3DataSource
                    {
                        S3DataType = S3DataType.S3Prefix,
                        S3Uri = "s3://mlops-test-bucket/data/train/",
                        S3DataDistributionType = S3DataDistribution.FullyReplicated,
                    },
                },
                ContentType = "text/csv",
            },
        ],
        OutputDataConfig = new OutputDataConfig { S3OutputPath = "s3://mlops-test-bucket/output/" },
        ResourceConfig = new ResourceConfig { InstanceType = "ml.m5.large", InstanceCount = 1, VolumeSizeInGB = 10 },
        StoppingCondition = new StoppingCondition { MaxRuntimeInSeconds = 3600 },
        Environment = new Dictionary<string, string> { ["MODE"] = "train" },
        Tags = [new Tag { Key = "mlops:project", Value = "churn" }],
    };

    public static CreateModelRequest Model(string name) => new()
    {
        ModelName = name,
        ExecutionRoleArn = AwsTestHost.RoleArn,
        PrimaryContainer = new ContainerDefinition
        {
            Image = Image,
            ModelDataUrl = "s3://mlops-test-bucket/output/job/output/model.tar.gz",
            Environment = new Dictionary<string, string> { ["SAGEMAKER_PROGRAM"] = "serve" },
        },
        Tags = [new Tag { Key = "mlops:project", Value = "churn" }],
    };

    public static CreateEndpointConfigRequest EndpointConfig(string name, string modelName) => new()
    {
        EndpointConfigName = name,
        ProductionVariants =
        [
            new ProductionVariant
            {
                VariantName = "AllTraffic",
                ModelName = modelName,
                InitialInstanceCount = 1,
                InstanceType = "ml.m5.large",
                InitialVariantWeight = 1.0,
            },
        ],
        Tags = [new Tag { Key = "mlops:project", Value = "churn" }],
    };

    public static CreateModelPackageRequest ModelPackage(string group) => new()
    {
        ModelPackageGroupName = group,
        ModelPackageDescription = "churn model trained by job churn-1",
        ModelApprovalStatus = ModelApprovalStatus.PendingManualApproval,
        InferenceSpecification = new InferenceSpecification
        {
            Containers = [new ModelPackageContainerDefinition { Image = Image, ModelDataUrl = "s3://mlops-test-bucket/output/job/output/model.tar.gz" }],
            SupportedContentTypes = ["application/json"],
            SupportedResponseMIMETypes = ["application/json"],
            SupportedRealtimeInferenceInstanceTypes = ["ml.m5.large"],
        },
        CustomerMetadataProperties = new Dictionary<string, string> { ["validation:auc"] = "0.91" },
    };
}
