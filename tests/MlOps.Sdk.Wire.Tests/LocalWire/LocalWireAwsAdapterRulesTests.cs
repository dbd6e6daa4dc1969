using MlOps.Sdk.Local;
using MlOps.Sdk.SageMaker;
using MlOps.Sdk.Tests.Fixtures;
using MlOps.Sdk.Tests.Local;

namespace MlOps.Sdk.Tests.LocalWire;

/// <summary>
/// SageMaker's rules that moto does not enforce, as the SDK's AWS adapter meets them: names that are taken,
/// ClientToken replay, the default approval status, the instance quota and the checks of a change of instance counts,
/// against the wire server, whose answers are SageMaker's codes and messages. Each rule is in
/// docs/sagemaker-rules.md.
/// </summary>
public sealed class LocalWireAwsAdapterRulesTests(LocalWireFixture fixture) : IClassFixture<LocalWireFixture>, IDisposable
{
    private readonly AwsTestHost host = new(fixture.Server.BaseAddress, new RecordingHandler(), TimeProvider.System);

    [Fact]
    public async Task CreateModelAsync_NameTaken_ThrowsValidationExceptionCannotCreateExisting()
    {
        var model = SageMakerTestRequests.Model("rules-model-taken") with { PrimaryContainer = new ContainerDefinition { Image = fixture.ServerImage } };
        await host.SageMaker.CreateModelAsync(model);

        var error = await Assert.ThrowsAsync<MlOpsException>(() => host.SageMaker.CreateModelAsync(model));

        Assert.Equal("ValidationException", error.ErrorCode);
        Assert.Contains("Cannot create already existing model", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DescribeModelAsync_Missing_ReadAsKindNotFoundAsInLocalMode()
    {
        var error = await Assert.ThrowsAsync<MlOpsException>(() => host.SageMaker.DescribeModelAsync(new DescribeModelRequest { ModelName = "rules-model-never-created" }));

        Assert.Equal("ValidationException", error.ErrorCode);
        Assert.Equal(MlOpsErrorKind.NotFound, error.Kind);
    }

    [Fact]
    public async Task CreateTrainingJobAsync_NameTaken_ThrowsResourceInUse()
    {
        var data = await fixture.Home.UploadTrainingDataAsync();
        var job = fixture.Home.TrainingRequest("rules-job-taken", fixture.TrainerImage, data);
        await host.SageMaker.CreateTrainingJobAsync(job);

        var error = await Assert.ThrowsAsync<MlOpsException>(() => host.SageMaker.CreateTrainingJobAsync(job));

        Assert.Equal("ResourceInUse", error.ErrorCode);
        Assert.Contains("must be unique", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateEndpointAsync_NameTaken_ThrowsResourceInUse()
    {
        var modelData = await fixture.Home.UploadModelAsync("models/rules-endpoint-taken.tar.gz", 2);
        await fixture.Home.CreateModelAndConfigAsync("rules-endpoint-taken", fixture.ServerImage, modelData);
        var endpoint = new CreateEndpointRequest { EndpointName = "rules-endpoint-taken", EndpointConfigName = "rules-endpoint-taken" };
        await host.SageMaker.CreateEndpointAsync(endpoint);
        try
        {
            var error = await Assert.ThrowsAsync<MlOpsException>(() => host.SageMaker.CreateEndpointAsync(endpoint));

            Assert.Equal("ResourceInUse", error.ErrorCode);
            Assert.Contains("Cannot create already existing endpoint", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            await fixture.Home.WaitForEndpointAsync("rules-endpoint-taken");
            await host.SageMaker.DeleteEndpointAsync(new DeleteEndpointRequest { EndpointName = "rules-endpoint-taken" });
        }
    }

    [Fact]
    public async Task CreateModelPackageAsync_SameClientTokenTwice_ReturnsTheFirstVersion()
    {
        await host.SageMaker.CreateModelPackageGroupAsync(new CreateModelPackageGroupRequest { ModelPackageGroupName = "rules-token-models" });
        var template = SageMakerTestRequests.ModelPackage("rules-token-models");
        var package = template with
        {
            ClientToken = "rules-token-1",
            InferenceSpecification = template.InferenceSpecification! with { Containers = [template.InferenceSpecification.Containers[0] with { Image = fixture.ServerImage }] },
        };

        var first = await host.SageMaker.CreateModelPackageAsync(package);
        var replay = await host.SageMaker.CreateModelPackageAsync(package);
        var other = await host.SageMaker.CreateModelPackageAsync(package with { ClientToken = "rules-token-2" });

        Assert.Equal(first.ModelPackageArn, replay.ModelPackageArn);
        Assert.NotEqual(first.ModelPackageArn, other.ModelPackageArn);
    }

    [Fact]
    public async Task CreateModelPackageAsync_NoApprovalStatus_IsPendingManualApproval()
    {
        await host.SageMaker.CreateModelPackageGroupAsync(new CreateModelPackageGroupRequest { ModelPackageGroupName = "rules-default-status" });
        var template = SageMakerTestRequests.ModelPackage("rules-default-status");
        var package = template with
        {
            ModelApprovalStatus = null,
            InferenceSpecification = template.InferenceSpecification! with { Containers = [template.InferenceSpecification.Containers[0] with { Image = fixture.ServerImage }] },
        };

        var arn = (await host.SageMaker.CreateModelPackageAsync(package)).ModelPackageArn;
        var described = await host.SageMaker.DescribeModelPackageAsync(new DescribeModelPackageRequest { ModelPackageName = arn });

        Assert.Equal(ModelApprovalStatus.PendingManualApproval, described.ModelApprovalStatus);
    }

    [Fact]
    public async Task CreateEndpointAsync_InstanceCountAboveTheQuota_ThrowsResourceLimitExceeded()
    {
        var modelData = await fixture.Home.UploadModelAsync("models/rules-endpoint-quota.tar.gz", 2);
        await fixture.Home.CreateModelAndConfigAsync("rules-endpoint-quota", fixture.ServerImage, modelData, instanceCount: new LocalOptions().MaxEndpointInstanceCount + 1);

        var error = await Assert.ThrowsAsync<MlOpsException>(() => host.SageMaker.CreateEndpointAsync(new CreateEndpointRequest { EndpointName = "rules-endpoint-quota", EndpointConfigName = "rules-endpoint-quota" }));

        Assert.Equal("ResourceLimitExceeded", error.ErrorCode);
        Assert.Contains("'local endpoint instances per variant'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateEndpointWeightsAndCapacitiesAsync_ZeroInstances_ThrowsValidationException()
    {
        var error = await Assert.ThrowsAsync<MlOpsException>(() => host.SageMaker.UpdateEndpointWeightsAndCapacitiesAsync(new UpdateEndpointWeightsAndCapacitiesRequest
        {
            EndpointName = "rules-scale-zero",
            DesiredWeightsAndCapacities = [new DesiredWeightAndCapacity { VariantName = "AllTraffic", DesiredInstanceCount = 0 }],
        }));

        Assert.Equal("ValidationException", error.ErrorCode);
        Assert.Contains("DesiredInstanceCount", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateEndpointWeightsAndCapacitiesAsync_VariantNotInTheEndpoint_ThrowsValidationException()
    {
        var modelData = await fixture.Home.UploadModelAsync("models/rules-scale-variant.tar.gz", 2);
        await fixture.Home.CreateModelAndConfigAsync("rules-scale-variant", fixture.ServerImage, modelData);
        await host.SageMaker.CreateEndpointAsync(new CreateEndpointRequest { EndpointName = "rules-scale-variant", EndpointConfigName = "rules-scale-variant" });
        try
        {
            Assert.Equal(EndpointStatus.InService, (await fixture.Home.WaitForEndpointAsync("rules-scale-variant")).EndpointStatus);

            var error = await Assert.ThrowsAsync<MlOpsException>(() => host.SageMaker.UpdateEndpointWeightsAndCapacitiesAsync(new UpdateEndpointWeightsAndCapacitiesRequest
            {
                EndpointName = "rules-scale-variant",
                DesiredWeightsAndCapacities = [new DesiredWeightAndCapacity { VariantName = "NoSuchVariant", DesiredInstanceCount = 2 }],
            }));

            Assert.Equal("ValidationException", error.ErrorCode);
            Assert.Contains("NoSuchVariant", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            await host.SageMaker.DeleteEndpointAsync(new DeleteEndpointRequest { EndpointName = "rules-scale-variant" });
        }
    }

    public void Dispose() => host.Dispose();
}
