using Microsoft.Extensions.Time.Testing;
using MlOps.Sdk.Local;
using MlOps.Sdk.SageMaker;
using MlOps.Sdk.Tests.Fakes;
using MlOps.Sdk.Tests.Fixtures;

namespace MlOps.Sdk.Tests.LocalWire;

/// <summary>
/// A time read in local mode is the time the same read gives through the server (epoch seconds with three decimals,
/// as SageMaker sends them), so a caller can take a value from either mode and filter with it in the other.
/// </summary>
public sealed class LocalWireTimestampTests(LocalWireFixture fixture) : IClassFixture<LocalWireFixture>, IAsyncLifetime
{
    // 123.4567 ms past the fake clock's start: every instant taken from it has ticks below the millisecond.
    private static readonly TimeSpan SubMillisecondOffset = TimeSpan.FromTicks(1_234_567);

    private readonly FakeTimeProvider clock = FakeTime.Create();
    private readonly AwsTestHost wire = new(fixture.Server.BaseAddress, new RecordingHandler(), TimeProvider.System);
    private LocalSageMakerClient local = null!;
    private string group = string.Empty;

    public async Task InitializeAsync()
    {
        clock.Advance(SubMillisecondOffset);
        local = new LocalSageMakerClient(fixture.Home.Options, clock);
        group = "times-" + Guid.NewGuid().ToString("N")[..8];
        await local.CreateModelPackageGroupAsync(new CreateModelPackageGroupRequest { ModelPackageGroupName = group });
    }

    public Task DisposeAsync()
    {
        local.Dispose();
        wire.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task DescribeModelPackage_LocallyAndOverTheWire_GivesTheSameTimes()
    {
        var arn = (await local.CreateModelPackageAsync(Package())).ModelPackageArn;
        clock.Advance(SubMillisecondOffset);
        await local.UpdateModelPackageAsync(new UpdateModelPackageRequest { ModelPackageArn = arn, ModelApprovalStatus = ModelApprovalStatus.Approved });

        var locally = await local.DescribeModelPackageAsync(new DescribeModelPackageRequest { ModelPackageName = arn });
        var overTheWire = await wire.SageMaker.DescribeModelPackageAsync(new DescribeModelPackageRequest { ModelPackageName = arn });

        Assert.Equal((locally.CreationTime, locally.LastModifiedTime), (overTheWire.CreationTime, overTheWire.LastModifiedTime));
    }

    [Fact]
    public async Task ListModelPackages_CreationTimeAfterReadLocally_SelectsTheSameLocallyAndOverTheWire()
    {
        var arn = (await local.CreateModelPackageAsync(Package())).ModelPackageArn;
        var created = (await local.DescribeModelPackageAsync(new DescribeModelPackageRequest { ModelPackageName = arn })).CreationTime;
        // A second version 0.9 ms later, so the lists compared are not both empty.
        clock.Advance(TimeSpan.FromTicks(9_000));
        await local.CreateModelPackageAsync(Package());
        var request = new ListModelPackagesRequest { ModelPackageGroupName = group, CreationTimeAfter = created };

        var locally = await ListAsync(local, request);
        var overTheWire = await ListAsync(wire.SageMaker, request);

        Assert.Equal(locally, overTheWire);
    }

    [Fact]
    public async Task ListModelPackages_MadeUpBoundBelowTheMillisecond_SelectsTheSameLocallyAndOverTheWire()
    {
        var arn = (await local.CreateModelPackageAsync(Package())).ModelPackageArn;
        var created = (await local.DescribeModelPackageAsync(new DescribeModelPackageRequest { ModelPackageName = arn })).CreationTime;
        clock.Advance(TimeSpan.FromTicks(9_000));
        await local.CreateModelPackageAsync(Package());
        // 0.4 ms before the first version: the wire sends it as that version's own millisecond.
        var request = new ListModelPackagesRequest { ModelPackageGroupName = group, CreationTimeAfter = created.AddTicks(-4_000) };

        var locally = await ListAsync(local, request);
        var overTheWire = await ListAsync(wire.SageMaker, request);

        Assert.Single(overTheWire);
        Assert.Equal(locally, overTheWire);
    }

    private static async Task<List<string>> ListAsync(ISageMakerClient client, ListModelPackagesRequest request)
    {
        var arns = new List<string>();
        await foreach (var package in client.ListModelPackagesAsync(request))
        {
            arns.Add(package.ModelPackageArn);
        }

        return arns;
    }

    private CreateModelPackageRequest Package() => new()
    {
        ModelPackageGroupName = group,
        InferenceSpecification = new InferenceSpecification
        {
            Containers = [new ModelPackageContainerDefinition { Image = "000000000000.dkr.ecr.us-east-1.amazonaws.com/churn:1", ModelDataUrl = "s3://test-bucket/output/job/output/model.tar.gz" }],
            SupportedContentTypes = ["text/csv"],
            SupportedResponseMIMETypes = ["application/json"],
        },
    };
}
