using MlOps.Sdk.SageMaker;

namespace MlOps.Sdk.Tests.Fixtures;

/// <summary>
/// Requests that break a rule SageMaker documents but its API model does not carry, one per rule, each with the field
/// the refusal must name. The AWS adapter and local mode are tested against the same cases.
/// </summary>
public static class SageMakerRuleCases
{
    public const string EndpointName = "churn-prod";
    public const string ConfigName = "churn-config-3";

    private static readonly Dictionary<string, (Func<ISageMakerClient, Task> Call, string Field)> Cases = new(StringComparer.Ordinal)
    {
        ["CreateTrainingJob name with an underscore"] = (
            c => c.CreateTrainingJobAsync(SageMakerTestRequests.TrainingJob("churn_train")),
            "CreateTrainingJobRequest.TrainingJobName"),
        ["CreateTrainingJob warm pool with managed spot training"] = (
            c => c.CreateTrainingJobAsync(SageMakerTestRequests.TrainingJob("churn-train-1") is var job
                ? job with { EnableManagedSpotTraining = true, ResourceConfig = job.ResourceConfig! with { KeepAlivePeriodInSeconds = 600 } }
                : job),
            "CreateTrainingJobRequest.ResourceConfig.KeepAlivePeriodInSeconds"),
        ["CreateEndpoint name of 64 characters"] = (
            c => c.CreateEndpointAsync(new CreateEndpointRequest { EndpointName = new string('a', 64), EndpointConfigName = ConfigName }),
            "CreateEndpointRequest.EndpointName"),
        ["CreateTrainingJob hyperparameter value of 257 characters"] = (
            c => c.CreateTrainingJobAsync(SageMakerTestRequests.TrainingJob("churn-train-1") with { HyperParameters = new Dictionary<string, string> { ["notes"] = new string('x', 257) } }),
            "CreateTrainingJobRequest.HyperParameters[notes]"),
        ["CreateTrainingJob metric regex without a capture group"] = (
            c => c.CreateTrainingJobAsync(SageMakerTestRequests.TrainingJob("churn-train-1") is var job
                ? job with { AlgorithmSpecification = job.AlgorithmSpecification! with { MetricDefinitions = [new MetricDefinition { Name = "auc", Regex = "auc=[0-9.]+" }] } }
                : job),
            "CreateTrainingJobRequest.AlgorithmSpecification.MetricDefinitions[0].Regex"),
        ["CreateEndpointConfig instance count of 0"] = (
            c => c.CreateEndpointConfigAsync(SageMakerTestRequests.EndpointConfig("churn-config-0", "churn-model-3") is var config
                ? config with { ProductionVariants = [config.ProductionVariants[0] with { InitialInstanceCount = 0 }] }
                : config),
            "CreateEndpointConfigRequest.ProductionVariants[0].InitialInstanceCount"),
        ["CreateModelPackage tags with a group"] = (
            c => c.CreateModelPackageAsync(SageMakerTestRequests.ModelPackage("churn-models") with { Tags = [new Tag { Key = "mlops:project", Value = "churn" }] }),
            "CreateModelPackageRequest.Tags"),
        ["UpdateModelPackage key set and removed"] = (
            c => c.UpdateModelPackageAsync(new UpdateModelPackageRequest
            {
                ModelPackageArn = "arn:aws:sagemaker:us-east-1:123456789012:model-package/churn-models/1",
                CustomerMetadataProperties = new Dictionary<string, string> { ["gate:decision"] = "approved" },
                CustomerMetadataPropertiesToRemove = ["gate:decision"],
            }),
            "UpdateModelPackageRequest.CustomerMetadataPropertiesToRemove[0]"),
        ["UpdateEndpoint canary above 50 percent"] = (
            c => c.UpdateEndpointAsync(Update(Routing(TrafficRoutingConfigType.Canary, canary: Percent(51)))),
            "UpdateEndpointRequest.DeploymentConfig.BlueGreenUpdatePolicy.TrafficRoutingConfiguration.CanarySize.Value"),
        ["UpdateEndpoint linear step below 10 percent"] = (
            c => c.UpdateEndpointAsync(Update(Routing(TrafficRoutingConfigType.Linear, linear: Percent(9)))),
            "UpdateEndpointRequest.DeploymentConfig.BlueGreenUpdatePolicy.TrafficRoutingConfiguration.LinearStepSize.Value"),
        ["UpdateEndpoint linear step above 50 percent"] = (
            c => c.UpdateEndpointAsync(Update(Routing(TrafficRoutingConfigType.Linear, linear: Percent(51)))),
            "UpdateEndpointRequest.DeploymentConfig.BlueGreenUpdatePolicy.TrafficRoutingConfiguration.LinearStepSize.Value"),
        ["UpdateEndpoint timeout not above the waits"] = (
            c => c.UpdateEndpointAsync(Update(Routing(TrafficRoutingConfigType.AllAtOnce, wait: 600), terminationWait: 600, timeout: 1200)),
            "UpdateEndpointRequest.DeploymentConfig.BlueGreenUpdatePolicy.MaximumExecutionTimeoutInSeconds"),
        ["UpdateEndpoint canary above half the instances"] = (
            c => c.UpdateEndpointAsync(Update(Routing(TrafficRoutingConfigType.Canary, canary: new CapacitySize { Type = CapacitySizeType.InstanceCount, Value = 2 }))),
            "UpdateEndpointRequest.DeploymentConfig.BlueGreenUpdatePolicy.TrafficRoutingConfiguration.CanarySize.Value"),
    };

    /// <summary>The case names, for <c>[MemberData]</c>.</summary>
    public static TheoryData<string> Names => [.. Cases.Keys];

    /// <summary>Sends the case's request through <paramref name="client"/>.</summary>
    public static Task CallAsync(string name, ISageMakerClient client) => Cases[name].Call(client);

    /// <summary>The field the refusal must name.</summary>
    public static string Field(string name) => Cases[name].Field;

    /// <summary>The endpoint config the fleet-sized cases deploy: 3 instances of one variant.</summary>
    public static CreateEndpointConfigRequest ThreeInstanceConfig(string modelName) =>
        SageMakerTestRequests.EndpointConfig(ConfigName, modelName) is var config
            ? config with { ProductionVariants = [config.ProductionVariants[0] with { InitialInstanceCount = 3 }], Tags = null }
            : throw new InvalidOperationException();

    private static CapacitySize Percent(int value) => new() { Type = CapacitySizeType.CapacityPercent, Value = value };

    private static TrafficRoutingConfig Routing(TrafficRoutingConfigType type, CapacitySize? canary = null, CapacitySize? linear = null, int wait = 300) =>
        new() { Type = type, WaitIntervalInSeconds = wait, CanarySize = canary, LinearStepSize = linear };

    private static UpdateEndpointRequest Update(TrafficRoutingConfig routing, int? terminationWait = null, int? timeout = null) => new()
    {
        EndpointName = EndpointName,
        EndpointConfigName = ConfigName,
        DeploymentConfig = new DeploymentConfig
        {
            BlueGreenUpdatePolicy = new BlueGreenUpdatePolicy
            {
                TrafficRoutingConfiguration = routing,
                TerminationWaitInSeconds = terminationWait,
                MaximumExecutionTimeoutInSeconds = timeout,
            },
        },
    };
}
