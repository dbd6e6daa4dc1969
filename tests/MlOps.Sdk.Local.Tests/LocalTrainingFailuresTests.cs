using MlOps.Sdk.Local;
using MlOps.Sdk.SageMaker;
using Xunit;

namespace MlOps.Sdk.Tests.Local;

public sealed class LocalTrainingFailuresTests : IDisposable
{
    private readonly string jobDirectory = Directory.CreateTempSubdirectory("mlops-failures-").FullName;

    [Fact]
    public void FirstFailedHost_OnlyMaxRuntimeExits_IsNull()
    {
        var record = Record(hosts: 2);

        var host = LocalTrainingFailures.FirstFailedHost(record, [LocalTrainingFailures.MaxRuntimeExitCode, 0]);

        Assert.Null(host);
    }

    [Fact]
    public void FirstFailedHost_JobEndedOthersForAHost_IsThatHost()
    {
        var record = Record(hosts: 2) with { HostFailure = new LocalTrainingHostFailure("algo-2", DateTimeOffset.UnixEpoch) };

        var host = LocalTrainingFailures.FirstFailedHost(record, [137, 1]);

        Assert.Equal("algo-2", host!.Name);
    }

    [Fact]
    public async Task ReasonAsync_SecondHostWroteFailureFile_NamesTheHostAndItsMessage()
    {
        var record = Record(hosts: 2);
        var host = record.Hosts[1];
        Directory.CreateDirectory(host.OutputDirectory);
        await File.WriteAllTextAsync(Path.Combine(host.OutputDirectory, "failure"), "shard is empty\n");

        var reason = await LocalTrainingFailures.ReasonAsync(record, host, [0, 1], CancellationToken.None);

        Assert.Equal("AlgorithmError: host algo-2: shard is empty", reason);
    }

    [Fact]
    public async Task ReasonAsync_SingleHostWithoutFailureFile_GivesTheExitCode()
    {
        var record = Record(hosts: 1);

        var reason = await LocalTrainingFailures.ReasonAsync(record, record.Hosts[0], [3], CancellationToken.None);

        Assert.Contains("exited with code 3", reason);
        Assert.DoesNotContain("host algo-1", reason);
    }

    public void Dispose() => Directory.Delete(jobDirectory, recursive: true);

    private LocalTrainingJobRecord Record(int hosts) => new()
    {
        JobDirectory = jobDirectory,
        Hosts = [.. Enumerable.Range(0, hosts).Select(i => new LocalTrainingHost(LocalTrainingHost.NameOf(i), Path.Combine(jobDirectory, LocalTrainingHost.NameOf(i)), 0))],
        Description = new DescribeTrainingJobResponse
        {
            TrainingJobName = "job-1",
            TrainingJobArn = "arn:aws:sagemaker:us-east-1:000000000000:training-job/job-1",
            ModelArtifacts = new ModelArtifacts { S3ModelArtifacts = "s3://bucket/job-1/output/model.tar.gz" },
            TrainingJobStatus = TrainingJobStatus.InProgress,
            SecondaryStatus = SecondaryStatus.Training,
            StoppingCondition = new StoppingCondition(),
            CreationTime = DateTimeOffset.UnixEpoch,
        },
    };
}
