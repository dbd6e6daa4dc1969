using Microsoft.Extensions.DependencyInjection;
using MlOps.Sdk.Endpoints;
using MlOps.Sdk.Scaling;
using MlOps.Sdk.Tests.Fixtures;

namespace MlOps.Sdk.Tests.Aws;

/// <summary>
/// Application Auto Scaling through the AWS adapter and the endpoint scaling layer against moto; every request sent is
/// then checked against botocore's Application Auto Scaling model.
/// </summary>
[Collection(MotoCollection.Name)]
public sealed class AwsApplicationAutoScalingWireTests : IAsyncLifetime
{
    private const string Variant = "endpoint/churn-prod/variant/AllTraffic";
    private readonly MotoServerFixture _moto;
    private AwsTestHost _host = null!;

    public AwsApplicationAutoScalingWireTests(MotoServerFixture moto) => _moto = moto;

    private IApplicationAutoScalingClient Client => _host.Services.GetRequiredService<IApplicationAutoScalingClient>();

    public async Task InitializeAsync()
    {
        await _moto.ResetAsync();
        _host = new AwsTestHost(_moto.Endpoint, new RecordingHandler());
    }

    public Task DisposeAsync()
    {
        WireConformance.AssertAllConform(_host.Handler.Requests);
        _host.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task RegisterScalableTargetAsync_Variant_SendsSignedJson11ToApplicationAutoScaling()
    {
        await Client.RegisterScalableTargetAsync(Target(1, 3));

        var sent = Assert.Single(_host.Handler.Requests);
        Assert.Equal("AnyScaleFrontendService.RegisterScalableTarget", sent.Target);
        Assert.Equal("application/x-amz-json-1.1", sent.Headers["Content-Type"]);
        Assert.Contains("/us-east-1/application-autoscaling/aws4_request", sent.Headers["Authorization"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task DescribeScalableTargetsAsync_AfterRegister_ReadsRange()
    {
        await Client.RegisterScalableTargetAsync(Target(2, 5));

        var target = Assert.Single(await Client.DescribeScalableTargetsAsync(new DescribeScalableTargetsRequest { ServiceNamespace = "sagemaker" }).ToListAsync());

        Assert.Equal((Variant, 2, 5), (target.ResourceId, target.MinCapacity, target.MaxCapacity));
    }

    [Fact]
    public async Task PutScalingPolicyAsync_TargetTracking_IsDescribedWithItsTargetValue()
    {
        await Client.RegisterScalableTargetAsync(Target(1, 2));

        var put = await Client.PutScalingPolicyAsync(new PutScalingPolicyRequest
        {
            PolicyName = "MlOps-InvocationsPerInstance",
            ServiceNamespace = "sagemaker",
            ResourceId = Variant,
            ScalableDimension = "sagemaker:variant:DesiredInstanceCount",
            PolicyType = "TargetTrackingScaling",
            TargetTrackingScalingPolicyConfiguration = new TargetTrackingScalingPolicyConfiguration
            {
                TargetValue = 100,
                PredefinedMetricSpecification = new PredefinedMetricSpecification { PredefinedMetricType = "SageMakerVariantInvocationsPerInstance" },
            },
        });
        var policy = Assert.Single(await Client.DescribeScalingPoliciesAsync(new DescribeScalingPoliciesRequest { ServiceNamespace = "sagemaker", ResourceId = Variant }).ToListAsync());

        Assert.Equal(put.PolicyARN, policy.PolicyARN);
        Assert.Equal(100, policy.TargetTrackingScalingPolicyConfiguration!.TargetValue);
    }

    [Fact]
    public async Task RegisterScalableTargetAsync_EmptyResourceId_FailsNamingFieldWithoutSending()
    {
        var request = Target(1, 2) with { ResourceId = string.Empty };

        var error = await Assert.ThrowsAsync<MlOpsValidationException>(() => Client.RegisterScalableTargetAsync(request));

        Assert.Equal("RegisterScalableTargetRequest.ResourceId", error.FieldName);
        Assert.Empty(_host.Handler.Requests);
    }

    [Fact]
    public async Task RemoveAsync_ScaledEndpoint_DeregistersItsVariantsOnly()
    {
        await Client.RegisterScalableTargetAsync(Target(1, 2));
        await Client.RegisterScalableTargetAsync(Target(1, 2) with { ResourceId = "endpoint/other/variant/AllTraffic" });
        var scaling = _host.Services.GetRequiredService<EndpointScalingClient>();

        var removed = await scaling.RemoveAsync("churn-prod");

        Assert.Equal([Variant], removed);
        var left = Assert.Single(await Client.DescribeScalableTargetsAsync(new DescribeScalableTargetsRequest { ServiceNamespace = "sagemaker" }).ToListAsync());
        Assert.Equal("endpoint/other/variant/AllTraffic", left.ResourceId);
    }

    private static RegisterScalableTargetRequest Target(int min, int max) => new()
    {
        ServiceNamespace = "sagemaker",
        ResourceId = Variant,
        ScalableDimension = "sagemaker:variant:DesiredInstanceCount",
        MinCapacity = min,
        MaxCapacity = max,
    };
}
