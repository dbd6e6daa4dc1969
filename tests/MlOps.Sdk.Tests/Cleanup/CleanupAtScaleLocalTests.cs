using System.Diagnostics;
using System.Globalization;
using MlOps.Sdk.Cleanup;
using MlOps.Sdk.Endpoints;
using MlOps.Sdk.Local;
using MlOps.Sdk.Naming;
using MlOps.Sdk.SageMaker;
using MlOps.Sdk.Tagging;
using MlOps.Sdk.Tests.Fakes;
using MlOps.Sdk.Tests.Local;
using Xunit.Abstractions;

namespace MlOps.Sdk.Tests.Cleanup;

/// <summary>
/// Cleanup over 5,000 resources in local mode: endpoints, configs, models and model package versions of this project,
/// of a project whose name contains this one's, of another project, and made by hand, all in one region.
/// </summary>
public sealed class CleanupAtScaleLocalTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Project = "churn";
    private const int Resources = 5000;
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private static readonly DateTimeOffset Old = Now.AddDays(-30);
    private static readonly DateTimeOffset Recent = Now.AddDays(-1);

    private readonly LocalTestHome _home = new();
    private readonly HashSet<(CleanupResourceKind Kind, string Name)> _expectedDeletions = [];
    private int _seeded;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _home.DisposeAsync();

    [Fact]
    public async Task RunAsync_FiveThousandResources_DeletesExactlyTheProjectsOldUnusedOnesWithNoTagReadPerResource()
    {
        await SeedAsync();
        var (sageMaker, sageMakerCalls) = CallCounter<ISageMakerClient>.Wrap(_home.Client);
        var (tagging, taggingCalls) = CallCounter<IResourceTaggingClient>.Wrap(_home.Tagging);
        var cleanup = new CleanupClient(sageMaker, tagging, _home.Store);
        var policy = new CleanupPolicy { Project = Project, ProductionEndpointName = "churn-prod", ModelPackageGroupName = Project, KeepApprovedVersions = 3, DryRun = false };

        var clock = Stopwatch.StartNew();
        var plan = await cleanup.PlanAsync(policy);
        var planned = clock.Elapsed;
        var report = await cleanup.ExecuteAsync(plan);
        clock.Stop();

        Report(sageMakerCalls, taggingCalls, report, planned, clock.Elapsed - planned);
        Assert.Equal(Resources, _seeded);
        Assert.True(report.Succeeded, string.Join("; ", report.Steps.Where(s => s.Outcome == CleanupOutcome.Failed).Select(s => s.Message)));
        Assert.Equal(_expectedDeletions.OrderBy(d => d.Name, StringComparer.Ordinal), report.Plan.Actions.Select(a => (a.Kind, a.Name)).OrderBy(d => d.Name, StringComparer.Ordinal));
        Assert.All(report.Steps, s => Assert.Equal(CleanupOutcome.Deleted, s.Outcome));
        Assert.Equal(Resources - _expectedDeletions.Count, await CountStateAsync());
        Assert.Equal(0, sageMakerCalls.CallsOf("ListTags"));
        Assert.Equal(4, taggingCalls.CallsOf("GetResources")); // one search per resource type, whatever their number
    }

    private void Report(CallCounter<ISageMakerClient> sageMaker, CallCounter<IResourceTaggingClient> tagging, CleanupReport report, TimeSpan planning, TimeSpan deleting)
    {
        output.WriteLine($"{_seeded} resources; {report.Plan.Actions.Count} deletions, {report.Plan.Protected.Count} protections; planning took {planning.TotalSeconds:F1} s, deleting {deleting.TotalSeconds:F1} s");
        foreach (var (operation, calls) in sageMaker.Calls.Concat(tagging.Calls).OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            // Local adapters answer a listing at once; on AWS each call is ceil(items / 100) requests (MaxResults = 100).
            var items = sageMaker.Items.GetValueOrDefault(operation) + tagging.Items.GetValueOrDefault(operation);
            var pages = operation.StartsWith("List", StringComparison.Ordinal) || operation == "GetResources"
                ? $", {items} items, {Math.Max(1, (items + 99) / 100)} AWS pages of 100"
                : string.Empty;
            output.WriteLine($"{operation}: {calls} calls{pages}");
        }
    }

    private async Task SeedAsync()
    {
        var arns = _home.Client.Arns;
        var state = new LocalStateStore(_home.Options);
        await state.WriteAsync(
            t =>
            {
                var seed = new Seeder(t, arns, this);

                // This project: old candidates go with their configs and models, also when named without the project.
                for (var i = 0; i < 100; i++)
                {
                    seed.Endpoint($"churn-candidate-mr{i}", Project, ReleaseKind.Candidate, Old, goes: true);
                }

                for (var i = 0; i < 20; i++)
                {
                    seed.Endpoint($"api-candidate-mr{i}", Project, ReleaseKind.Candidate, Old, goes: true);
                }

                // ...recent candidates and stable endpoints stay, with what they serve.
                for (var i = 0; i < 20; i++)
                {
                    seed.Endpoint($"churn-candidate-mr{100 + i}", Project, ReleaseKind.Candidate, Recent, goes: false, package: i + 1);
                }

                for (var i = 0; i < 10; i++)
                {
                    seed.Endpoint($"churn-stable-{i}", Project, ReleaseKind.Stable, Old, goes: false);
                }

                // The production endpoint, its config and its rollback target stay however old.
                seed.Config("churn-prod-c1", "churn-prod-m1", Project, Old, goes: false);
                seed.Endpoint("churn-prod", Project, ReleaseKind.Stable, Old, goes: false, configName: "churn-prod-c2", previousConfig: "churn-prod-c1");

                // Configs nothing serves: old ones go, recent ones stay and keep their models' packages in use.
                for (var i = 0; i < 400; i++)
                {
                    seed.Config($"churn-unserved-{i}-c", $"churn-unserved-{i}-m", Project, Old, goes: true);
                }

                for (var i = 0; i < 50; i++)
                {
                    seed.Config($"churn-young-{i}-c", $"churn-young-{i}-m", Project, Recent, goes: false, package: 21 + i);
                }

                // Versions carry no tags: the tagged group makes them the project's. Every 4th is Approved; the newest 3 of
                // those stay, as do versions 1-70 that remaining models use.
                seed.Group(Project, Project, versions: 400, keptApproved: 3, inUse: 70, goes: true);

                // A project whose name contains this one's, another project, and resources made by hand: none goes.
                for (var i = 0; i < 150; i++)
                {
                    seed.Endpoint($"churn-legacy-candidate-mr{i}", "churn-legacy", ReleaseKind.Candidate, Old, goes: false);
                }

                seed.Group("churn-legacy", "churn-legacy", versions: 200, keptApproved: 0, inUse: 0, goes: false);
                for (var i = 0; i < 200; i++)
                {
                    seed.Endpoint($"fraud-candidate-mr{i}", "fraud", ReleaseKind.Candidate, Old, goes: false);
                }

                for (var i = 0; i < 500; i++)
                {
                    seed.Config($"fraud-unserved-{i}-c", $"fraud-unserved-{i}-m", "fraud", Old, goes: false);
                }

                seed.Group("fraud", "fraud", versions: 300, keptApproved: 0, inUse: 0, goes: false);
                for (var i = 0; i < 100; i++)
                {
                    seed.Endpoint($"churn-manual-{i}", project: null, ReleaseKind.Candidate, Old, goes: false);
                }

                for (var i = 0; _seeded < Resources; i++)
                {
                    seed.Config($"churn-handmade-{i}-c", $"churn-handmade-{i}-m", project: null, Old, goes: false);
                }

                return true;
            },
            CancellationToken.None);
    }

    private Task<int> CountStateAsync() =>
        new LocalStateStore(_home.Options).ReadAsync(
            t => new[] { LocalResourceKind.Endpoint, LocalResourceKind.EndpointConfig, LocalResourceKind.Model, LocalResourceKind.ModelPackageGroup, LocalResourceKind.ModelPackage }
                .Sum(kind => t.List<object>(kind).Count),
            CancellationToken.None);

    /// <summary>Writes resources into the local state as the local adapters store them (endpoints without model servers).</summary>
    private sealed class Seeder(LocalStateTransaction t, LocalArns arns, CleanupAtScaleLocalTests test)
    {
        internal void Endpoint(string name, string? project, ReleaseKind kind, DateTimeOffset changed, bool goes, int? package = null, string? configName = null, string? previousConfig = null)
        {
            var config = configName ?? name + "-c";
            Config(config, name + "-m", project, changed, goes, package);
            var arn = arns.For(LocalResourceKind.Endpoint, name);
            var record = new LocalEndpointRecord
            {
                Description = new DescribeEndpointResponse
                {
                    EndpointName = name,
                    EndpointArn = arn,
                    EndpointConfigName = config,
                    EndpointStatus = EndpointStatus.InService,
                    CreationTime = changed,
                    LastModifiedTime = changed,
                },
            };
            Insert(LocalResourceKind.Endpoint, name, arn, changed, record, project, kind, goes);
            if (previousConfig is not null)
            {
                t.SetTag(arn, StandardTagKeys.PreviousEndpointConfig, previousConfig);
            }
        }

        internal void Config(string name, string model, string? project, DateTimeOffset created, bool goes, int? package = null)
        {
            var packageArn = package is { } version ? arns.ModelPackage(Project, version) : null;
            Insert(LocalResourceKind.Model, model, arns.For(LocalResourceKind.Model, model), created, new DescribeModelResponse
            {
                ModelName = model,
                ModelArn = arns.For(LocalResourceKind.Model, model),
                PrimaryContainer = packageArn is null ? new ContainerDefinition { Image = "local/server:1" } : new ContainerDefinition { ModelPackageName = packageArn },
                CreationTime = created,
            }, project, null, goes);
            Insert(LocalResourceKind.EndpointConfig, name, arns.For(LocalResourceKind.EndpointConfig, name), created, new DescribeEndpointConfigResponse
            {
                EndpointConfigName = name,
                EndpointConfigArn = arns.For(LocalResourceKind.EndpointConfig, name),
                ProductionVariants = [new ProductionVariant { VariantName = "AllTraffic", ModelName = model, InitialInstanceCount = 1, InstanceType = "ml.m5.large" }],
                CreationTime = created,
            }, project, null, goes);
        }

        internal void Group(string name, string project, int versions, int keptApproved, int inUse, bool goes)
        {
            var arn = arns.For(LocalResourceKind.ModelPackageGroup, name);
            var group = new LocalModelPackageGroupRecord
            {
                Description = new DescribeModelPackageGroupResponse { ModelPackageGroupName = name, ModelPackageGroupArn = arn, CreationTime = Old, ModelPackageGroupStatus = ModelPackageGroupStatus.Completed },
                LastVersion = versions,
            };
            Insert(LocalResourceKind.ModelPackageGroup, name, arn, Old, group, project, null, goes: false);
            var approved = Enumerable.Range(1, versions).Where(v => v % 4 == 0).OrderByDescending(v => v).Take(keptApproved).ToHashSet();
            for (var version = 1; version <= versions; version++)
            {
                var packageArn = arns.ModelPackage(name, version);
                t.TryInsert(LocalResourceKind.ModelPackage, $"{name}/{version}", packageArn, Old.AddMinutes(version), new LocalModelPackageRecord
                {
                    Description = new DescribeModelPackageResponse
                    {
                        ModelPackageName = name,
                        ModelPackageGroupName = name,
                        ModelPackageVersion = version,
                        ModelPackageArn = packageArn,
                        CreationTime = Old.AddMinutes(version),
                        LastModifiedTime = Old.AddMinutes(version),
                        ModelPackageStatus = ModelPackageStatus.Completed,
                        ModelApprovalStatus = version % 4 == 0 ? ModelApprovalStatus.Approved : ModelApprovalStatus.Rejected,
                    },
                });
                test._seeded++;
                if (goes && !approved.Contains(version) && version > inUse)
                {
                    test._expectedDeletions.Add((CleanupResourceKind.ModelPackage, packageArn));
                }
            }
        }

        private void Insert<T>(string kind, string name, string arn, DateTimeOffset created, T record, string? project, ReleaseKind? releaseKind, bool goes)
        {
            if (!t.TryInsert(kind, name, arn, created, record))
            {
                throw new InvalidOperationException($"{kind} {name} was seeded twice.");
            }

            if (project is not null)
            {
                t.SetTag(arn, StandardTagKeys.ManagedBy, StandardTagKeys.ManagedByValue);
                t.SetTag(arn, StandardTagKeys.Project, project);
            }

            if (releaseKind is { } release)
            {
                t.SetTag(arn, StandardTagKeys.ReleaseKind, release.ToText());
            }

            test._seeded++;
            if (goes)
            {
                var cleanupKind = kind switch
                {
                    LocalResourceKind.Endpoint => CleanupResourceKind.Endpoint,
                    LocalResourceKind.EndpointConfig => CleanupResourceKind.EndpointConfig,
                    _ => CleanupResourceKind.Model,
                };
                test._expectedDeletions.Add((cleanupKind, name));
            }
        }
    }
}
