using MlOps.Sdk.SageMaker;

namespace MlOps.Sdk.Tests.SageMaker;

/// <summary>The edges of the documented rules that the API model does not carry: what is just allowed passes.</summary>
public sealed class SageMakerRulesTests
{
    [Theory]
    [InlineData(TrafficRoutingConfigType.Canary, 50)]
    [InlineData(TrafficRoutingConfigType.Linear, 10)]
    [InlineData(TrafficRoutingConfigType.Linear, 50)]
    public void Validate_SizeAtTheEdgeOfItsRange_Passes(TrafficRoutingConfigType type, int percent)
    {
        var size = new CapacitySize { Type = CapacitySizeType.CapacityPercent, Value = percent };
        var routing = new TrafficRoutingConfig
        {
            Type = type,
            WaitIntervalInSeconds = 60,
            CanarySize = type == TrafficRoutingConfigType.Canary ? size : null,
            LinearStepSize = type == TrafficRoutingConfigType.Linear ? size : null,
        };

        routing.Validate();
    }

    [Fact]
    public void ValidateAgainstFleet_CanaryOfHalfTheInstances_Passes()
    {
        var routing = new TrafficRoutingConfig
        {
            Type = TrafficRoutingConfigType.Canary,
            WaitIntervalInSeconds = 60,
            CanarySize = new CapacitySize { Type = CapacitySizeType.InstanceCount, Value = 2 },
        };

        routing.ValidateAgainstFleet(4);
    }

    [Fact]
    public void ValidateAgainstFleet_LinearStepOfOneInstanceInTwenty_NamesTheStep()
    {
        var routing = new TrafficRoutingConfig
        {
            Type = TrafficRoutingConfigType.Linear,
            WaitIntervalInSeconds = 60,
            LinearStepSize = new CapacitySize { Type = CapacitySizeType.InstanceCount, Value = 1 },
        };

        var error = Assert.Throws<MlOpsValidationException>(() => routing.ValidateAgainstFleet(20));

        Assert.Equal("TrafficRoutingConfig.LinearStepSize.Value", error.FieldName);
        Assert.Contains("10-50%", error.Rule, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TimeoutOneSecondAboveTheWaits_Passes()
    {
        var policy = new BlueGreenUpdatePolicy
        {
            TrafficRoutingConfiguration = new TrafficRoutingConfig { Type = TrafficRoutingConfigType.AllAtOnce, WaitIntervalInSeconds = 300 },
            TerminationWaitInSeconds = 300,
            MaximumExecutionTimeoutInSeconds = 601,
        };

        policy.Validate();
    }

    [Fact]
    public void Validate_CreateModelPackageWithoutGroupWithTags_Passes()
    {
        var request = new CreateModelPackageRequest
        {
            ModelPackageDescription = "an unversioned package may carry tags",
            Tags = [new Tag { Key = "mlops:project", Value = "churn" }],
        };

        request.Validate();
    }
}
