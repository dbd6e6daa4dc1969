using MlOps.Sdk.Endpoints;
using MlOps.Sdk.Local;
using MlOps.Sdk.SageMaker;
using MlOps.Sdk.Scaling;

namespace MlOps.Sdk.Tests.Local;

/// <summary>Local Application Auto Scaling over a real local endpoint (one model server process, started once for the class).</summary>
public sealed class LocalApplicationAutoScalingTests : IClassFixture<LocalApplicationAutoScalingTests.ServingEndpoint>
{
    private const string Endpoint = "ep-scale";
    private const string Variant = "endpoint/ep-scale/variant/AllTraffic";
    private const string Dimension = "sagemaker:variant:DesiredInstanceCount";
    private readonly ServingEndpoint _serving;

    public LocalApplicationAutoScalingTests(ServingEndpoint serving)
    {
        _serving = serving;
        Scaling = new LocalApplicationAutoScalingClient(serving.Home.Options);
    }

    private LocalApplicationAutoScalingClient Scaling { get; }

    [Fact]
    public async Task RegisterScalableTarget_InServiceVariant_IsDescribedWithItsRange()
    {
        await Scaling.RegisterScalableTargetAsync(Target(Variant, 1, 4));

        var target = Assert.Single(await Scaling.DescribeScalableTargetsAsync(new DescribeScalableTargetsRequest { ServiceNamespace = "sagemaker", ResourceIds = [Variant] }).ToListAsync());

        Assert.Equal((1, 4), (target.MinCapacity, target.MaxCapacity));
        Assert.StartsWith("arn:aws:application-autoscaling:us-east-1:000000000000:scalable-target/", target.ScalableTargetARN, StringComparison.Ordinal);
        await Scaling.DeregisterScalableTargetAsync(new DeregisterScalableTargetRequest { ServiceNamespace = "sagemaker", ResourceId = Variant, ScalableDimension = Dimension });
    }

    [Fact]
    public async Task RegisterScalableTarget_UnknownEndpoint_FailsWithValidationException()
    {
        var error = await Assert.ThrowsAsync<MlOpsException>(() => Scaling.RegisterScalableTargetAsync(Target("endpoint/no-such-endpoint/variant/AllTraffic", 1, 2)));

        Assert.Equal("ValidationException", error.ErrorCode);
        Assert.Contains("no-such-endpoint", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RegisterScalableTarget_MinAboveMax_FailsWithValidationException()
    {
        var error = await Assert.ThrowsAsync<MlOpsException>(() => Scaling.RegisterScalableTargetAsync(Target("endpoint/ep-scale/variant/AllTraffic", 3, 2)));

        Assert.Equal("ValidationException", error.ErrorCode);
        Assert.Contains("Minimum capacity (3)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RegisterScalableTarget_OtherServiceNamespace_FailsNamingWhatLocalModeScales()
    {
        var request = Target("service/cluster/web", 1, 2) with { ServiceNamespace = "ecs", ScalableDimension = "ecs:service:DesiredCount" };

        var error = await Assert.ThrowsAsync<MlOpsException>(() => Scaling.RegisterScalableTargetAsync(request));

        Assert.Contains("Local mode scales SageMaker endpoint variants only", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutScalingPolicy_NoRegisteredTarget_FailsWithObjectNotFound()
    {
        var error = await Assert.ThrowsAsync<MlOpsException>(() => Scaling.PutScalingPolicyAsync(Policy("endpoint/ep-scale/variant/Other")));

        Assert.Equal("ObjectNotFoundException", error.ErrorCode);
    }

    [Fact]
    public async Task DeregisterScalableTarget_WithPolicy_RemovesTargetAndPolicy()
    {
        await Scaling.RegisterScalableTargetAsync(Target(Variant, 1, 2));
        await Scaling.PutScalingPolicyAsync(Policy(Variant));

        await Scaling.DeregisterScalableTargetAsync(new DeregisterScalableTargetRequest { ServiceNamespace = "sagemaker", ResourceId = Variant, ScalableDimension = Dimension });

        Assert.Empty(await Scaling.DescribeScalableTargetsAsync(new DescribeScalableTargetsRequest { ServiceNamespace = "sagemaker", ResourceIds = [Variant] }).ToListAsync());
        Assert.Empty(await Scaling.DescribeScalingPoliciesAsync(new DescribeScalingPoliciesRequest { ServiceNamespace = "sagemaker", ResourceId = Variant }).ToListAsync());
    }

    [Fact]
    public async Task ApplyAsync_InServiceEndpoint_RegistersVariantWithTargetTrackingPolicy()
    {
        var client = new EndpointScalingClient(_serving.Home.Client, Scaling);

        var scaled = await client.ApplyAsync(Endpoint, new EndpointAutoScalingSpec { MinCapacity = 1, MaxCapacity = 3, TargetInvocationsPerInstance = 70 });

        Assert.Equal([Variant], scaled);
        var policy = Assert.Single(await Scaling.DescribeScalingPoliciesAsync(new DescribeScalingPoliciesRequest { ServiceNamespace = "sagemaker", ResourceId = Variant }).ToListAsync());
        Assert.Equal(("TargetTrackingScaling", 70.0), (policy.PolicyType, policy.TargetTrackingScalingPolicyConfiguration!.TargetValue));
        Assert.Equal(2, policy.Alarms!.Count);
        Assert.Equal([Variant], await client.RemoveAsync(Endpoint));
    }

    [Fact]
    public async Task ApplyAsync_MaxBelowMin_FailsNamingFieldBeforeAnyCall()
    {
        var client = new EndpointScalingClient(_serving.Home.Client, Scaling);

        var error = await Assert.ThrowsAsync<MlOpsValidationException>(() => client.ApplyAsync(Endpoint, new EndpointAutoScalingSpec { MinCapacity = 2, MaxCapacity = 1, TargetInvocationsPerInstance = 70 }));

        Assert.Equal("EndpointAutoScalingSpec.MaxCapacity", error.FieldName);
        Assert.Empty(await Scaling.DescribeScalableTargetsAsync(new DescribeScalableTargetsRequest { ServiceNamespace = "sagemaker", ResourceIds = [Variant] }).ToListAsync());
    }

    private static RegisterScalableTargetRequest Target(string resourceId, int min, int max) => new()
    {
        ServiceNamespace = "sagemaker",
        ResourceId = resourceId,
        ScalableDimension = Dimension,
        MinCapacity = min,
        MaxCapacity = max,
    };

    private static PutScalingPolicyRequest Policy(string resourceId) => new()
    {
        PolicyName = EndpointScalingClient.PolicyName,
        ServiceNamespace = "sagemaker",
        ResourceId = resourceId,
        ScalableDimension = Dimension,
        PolicyType = "TargetTrackingScaling",
        TargetTrackingScalingPolicyConfiguration = new TargetTrackingScalingPolicyConfiguration
        {
            TargetValue = 100,
            PredefinedMetricSpecification = new PredefinedMetricSpecification { PredefinedMetricType = "SageMakerVariantInvocationsPerInstance" },
        },
    };

    /// <summary>One in-service local endpoint for the whole class.</summary>
    public sealed class ServingEndpoint : IAsyncLifetime
    {
        public LocalTestHome Home { get; } = new();

        public async Task InitializeAsync()
        {
            var image = await Home.RegisterServerAsync();
            var model = await Home.UploadModelAsync("models/scale/model.tar.gz", 2);
            await Home.CreateModelAndConfigAsync(Endpoint, image, model);
            await Home.Client.CreateEndpointAsync(new CreateEndpointRequest { EndpointName = Endpoint, EndpointConfigName = Endpoint });
            Assert.Equal(EndpointStatus.InService, (await Home.WaitForEndpointAsync(Endpoint)).EndpointStatus);
        }

        public async Task DisposeAsync() => await Home.DisposeAsync();
    }
}
