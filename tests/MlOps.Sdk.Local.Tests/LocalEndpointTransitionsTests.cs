using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MlOps.Sdk.Local;
using MlOps.Sdk.SageMaker;
using Xunit;

namespace MlOps.Sdk.Tests.Local;

public sealed class LocalEndpointTransitionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public void RolledBack_FailedUpdate_OldConfigurationStaysInServiceWithTheReason()
    {
        var transitions = new LocalEndpointTransitions(new FakeTimeProvider(Now), NullLogger.Instance);
        var updating = Record(EndpointStatus.Updating, Deployment("config-1", Instance("AllTraffic", weight: 1, count: 2))) with
        {
            PendingConfigName = "config-2",
            Pending = Deployment("config-2", Instance("AllTraffic", weight: 1, count: 1)),
        };

        var rolledBack = transitions.RolledBack(updating, "ping failed");

        Assert.Equal(EndpointStatus.InService, rolledBack.Description.EndpointStatus);
        Assert.Equal("config-1", rolledBack.Description.EndpointConfigName);
        Assert.Equal("ping failed", rolledBack.Description.FailureReason);
        Assert.Null(rolledBack.Pending);
        Assert.Null(rolledBack.PendingConfigName);
    }

    [Fact]
    public void Failed_FirstFleetFails_StatusFailedWithTheReason()
    {
        var transitions = new LocalEndpointTransitions(new FakeTimeProvider(Now), NullLogger.Instance);

        var failed = transitions.Failed(Record(EndpointStatus.Creating, current: null), "model server exited");

        Assert.Equal(EndpointStatus.Failed, failed.Description.EndpointStatus);
        Assert.Equal("model server exited", failed.Description.FailureReason);
        Assert.Equal(Now, failed.Description.LastModifiedTime);
    }

    [Fact]
    public void InService_AllWeightsZero_EachVariantReportsWeightOne()
    {
        var transitions = new LocalEndpointTransitions(new FakeTimeProvider(Now), NullLogger.Instance);
        var record = Record(EndpointStatus.Creating, Deployment("config-1", Instance("A", weight: 0, count: 1), Instance("B", weight: 0, count: 3)));

        var inService = transitions.InService(record, Now);

        Assert.Equal(EndpointStatus.InService, inService.Description.EndpointStatus);
        Assert.All(inService.Description.ProductionVariants!, v => Assert.Equal(1, v.CurrentWeight));
        Assert.Equal(3, inService.Description.ProductionVariants!.Single(v => v.VariantName == "B").CurrentInstanceCount);
    }

    [Fact]
    public void Retained_VariantServingAlready_KeepsItsServingCountAndWeight()
    {
        var serving = Deployment("config-1", Instance("AllTraffic", weight: 0.5, count: 4));
        var next = Deployment("config-2", Instance("AllTraffic", weight: 1, count: 1), Instance("Shadow", weight: 1, count: 1));

        var retained = LocalEndpointTransitions.Retained(next, serving);

        var kept = retained.Instances.Single(i => i.VariantName == "AllTraffic");
        Assert.Equal(4, kept.DesiredInstanceCount);
        Assert.Equal(0.5, kept.Weight);
        Assert.Equal(1, retained.Instances.Single(i => i.VariantName == "Shadow").DesiredInstanceCount);
    }

    [Fact]
    public void Retire_TerminatedInstance_IsScheduledAgainAndNotMarkedTerminated()
    {
        var at = Now.AddSeconds(30);

        var retired = LocalEndpointTransitions.Retire([Instance("AllTraffic", 1, 1) with { TerminatedAt = Now }], at).Single();

        Assert.Equal(at, retired.RetireAt);
        Assert.Null(retired.TerminatedAt);
    }

    private static LocalEndpointInstance Instance(string variant, double weight, int count) => new()
    {
        VariantName = variant,
        Directory = Path.Combine("instances", variant),
        Port = 0,
        Weight = weight,
        DesiredInstanceCount = count,
    };

    private static LocalDeployment Deployment(string config, params LocalEndpointInstance[] instances) => new()
    {
        Id = config + "-deployment",
        EndpointConfigName = config,
        StartedAt = Now,
        HealthCheckTimeoutSeconds = 5,
        Instances = instances,
    };

    private static LocalEndpointRecord Record(EndpointStatus status, LocalDeployment? current) => new()
    {
        Current = current,
        Description = new DescribeEndpointResponse
        {
            EndpointName = "churn",
            EndpointArn = "arn:aws:sagemaker:us-east-1:000000000000:endpoint/churn",
            EndpointConfigName = current?.EndpointConfigName ?? "config-1",
            EndpointStatus = status,
            CreationTime = Now,
            LastModifiedTime = Now,
        },
    };
}
