using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MlOps.Sdk.SageMaker;
using MlOps.Sdk.Tests.Fakes;
using MlOps.Sdk.Training;
using MlOps.Sdk.Waiting;

namespace MlOps.Sdk.Tests.Training;

public sealed class TrainingClientTests
{
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(120);
    private readonly FakeTimeProvider _time = FakeTime.Create();
    private readonly FakeSageMakerClient _sageMaker;
    private readonly FakeTrainingLogClient _logs = new();
    private readonly TrainingClient _client;

    public TrainingClientTests()
    {
        _sageMaker = new FakeSageMakerClient(_time);
        _client = NewClient(maxAttempts: 180);
    }

    internal static TrainingJobSpec Spec(string name = "churn-train-1") => new()
    {
        TrainingJobName = name,
        Image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/churn:1",
        RoleArn = "arn:aws:iam::123456789012:role/SageMakerExecution",
        OutputPath = "s3://mlops-artifacts/churn/models",
        Channels = [new TrainingChannel("train", "s3://mlops-artifacts/churn/data/train/")],
        HyperParameters = new Dictionary<string, string> { ["epochs"] = "5" },
        MetricDefinitions = new Dictionary<string, string> { ["accuracy"] = "accuracy=([0-9.]+)" },
    };

    [Fact]
    public async Task StartTrainingJobAsync_ValidSpec_SendsMappedRequest()
    {
        await _client.StartTrainingJobAsync(Spec() with { InstanceType = "ml.c5.xlarge", InstanceCount = 2, MaxRuntime = TimeSpan.FromMinutes(30) });

        var request = _sageMaker.LastTrainingRequest!;
        Assert.Equal("123456789012.dkr.ecr.us-east-1.amazonaws.com/churn:1", request.AlgorithmSpecification!.TrainingImage);
        Assert.Equal("ml.c5.xlarge", request.ResourceConfig!.InstanceType);
        Assert.Equal(2, request.ResourceConfig.InstanceCount);
        Assert.Equal(1800, request.StoppingCondition!.MaxRuntimeInSeconds);
        Assert.Equal("s3://mlops-artifacts/churn/data/train/", request.InputDataConfig![0].DataSource.S3DataSource!.S3Uri);
        Assert.Equal("5", request.HyperParameters!["epochs"]);
        Assert.Equal("accuracy=([0-9.]+)", request.AlgorithmSpecification.MetricDefinitions![0].Regex);
    }

    [Fact]
    public async Task StartTrainingJobAsync_AnySpec_TagsJobManagedBySdk()
    {
        await _client.StartTrainingJobAsync(Spec());

        Assert.Contains(_sageMaker.LastTrainingRequest!.Tags!, t => t.Key == "ManagedBy" && t.Value == "MlOps.Sdk");
    }

    [Fact]
    public async Task StartTrainingJobAsync_ManagedSpotWithCheckpoints_SendsSpotAndCheckpointConfig()
    {
        await _client.StartTrainingJobAsync(Spec() with
        {
            UseManagedSpotTraining = true,
            MaxWaitTime = TimeSpan.FromHours(2),
            CheckpointS3Uri = "s3://mlops-artifacts/churn/checkpoints/",
        });

        var request = _sageMaker.LastTrainingRequest!;
        Assert.True(request.EnableManagedSpotTraining);
        Assert.Equal(7200, request.StoppingCondition!.MaxWaitTimeInSeconds);
        Assert.Equal("s3://mlops-artifacts/churn/checkpoints/", request.CheckpointConfig!.S3Uri);
    }

    [Fact]
    public async Task StartTrainingJobAsync_ShardedChannel_SendsEachChannelsDistribution()
    {
        await _client.StartTrainingJobAsync(Spec() with
        {
            InstanceCount = 4,
            Channels =
            [
                new TrainingChannel("train", "s3://mlops-artifacts/churn/data/train/") { DataDistribution = S3DataDistribution.ShardedByS3Key },
                new TrainingChannel("validation", "s3://mlops-artifacts/churn/data/validation/"),
            ],
        });

        var channels = _sageMaker.LastTrainingRequest!.InputDataConfig!;
        Assert.Equal(S3DataDistribution.ShardedByS3Key, channels[0].DataSource.S3DataSource!.S3DataDistributionType);
        Assert.Equal(S3DataDistribution.FullyReplicated, channels[1].DataSource.S3DataSource!.S3DataDistributionType);
    }

    [Fact]
    public async Task StartTrainingJobAsync_UndefinedDistribution_ThrowsNamingTheChannelBeforeAnyCall()
    {
        var spec = Spec() with { Channels = [new TrainingChannel("train", "s3://mlops-artifacts/churn/data/train/") { DataDistribution = (S3DataDistribution)7 }] };

        var error = await Assert.ThrowsAsync<MlOpsValidationException>(() => _client.StartTrainingJobAsync(spec));

        Assert.Equal("Channels[0].DataDistribution", error.FieldName);
        Assert.Null(_sageMaker.LastTrainingRequest);
    }

    [Theory]
    [InlineData("bad_name!", "TrainingJobName")]
    [InlineData("-leading-hyphen", "TrainingJobName")]
    public async Task StartTrainingJobAsync_InvalidName_ThrowsBeforeAnyCall(string name, string field)
    {
        var error = await Assert.ThrowsAsync<MlOpsValidationException>(() => _client.StartTrainingJobAsync(Spec(name)));

        Assert.Equal(field, error.FieldName);
        Assert.Empty(_sageMaker.Calls);
    }

    [Fact]
    public async Task StartTrainingJobAsync_MissingRole_ThrowsNamingRoleArn()
    {
        var error = await Assert.ThrowsAsync<MlOpsValidationException>(() => _client.StartTrainingJobAsync(Spec() with { RoleArn = "" }));

        Assert.Equal("RoleArn", error.FieldName);
        Assert.Empty(_sageMaker.Calls);
    }

    [Fact]
    public async Task StartTrainingJobAsync_RoleThatIsNotAnIamRoleArn_ThrowsNamingRoleArn()
    {
        var error = await Assert.ThrowsAsync<MlOpsValidationException>(() => _client.StartTrainingJobAsync(Spec() with { RoleArn = "arn:aws:iam::123456789012:user/alice" }));

        Assert.Equal("RoleArn", error.FieldName);
        Assert.Empty(_sageMaker.Calls);
    }

    [Theory]
    [InlineData("m5.large")]
    [InlineData("ml.m5")]
    [InlineData("ML.M5.LARGE")]
    public async Task StartTrainingJobAsync_MalformedInstanceType_ThrowsNamingInstanceType(string instanceType)
    {
        var error = await Assert.ThrowsAsync<MlOpsValidationException>(() => _client.StartTrainingJobAsync(Spec() with { InstanceType = instanceType }));

        Assert.Equal("InstanceType", error.FieldName);
        Assert.Empty(_sageMaker.Calls);
    }

    [Fact]
    public async Task StartTrainingJobAsync_MoreThan100HyperParameters_ThrowsNamingHyperParameters()
    {
        var many = Enumerable.Range(0, 101).ToDictionary(i => $"p{i}", i => "1");

        var error = await Assert.ThrowsAsync<MlOpsValidationException>(() => _client.StartTrainingJobAsync(Spec() with { HyperParameters = many }));

        Assert.Equal("HyperParameters", error.FieldName);
        Assert.Empty(_sageMaker.Calls);
    }

    [Fact]
    public async Task StartTrainingJobAsync_HyperParameterValueOver256Characters_ThrowsNamingTheKey()
    {
        var spec = Spec() with { HyperParameters = new Dictionary<string, string> { ["notes"] = new string('x', 257) } };

        var error = await Assert.ThrowsAsync<MlOpsValidationException>(() => _client.StartTrainingJobAsync(spec));

        Assert.Equal("HyperParameters[notes]", error.FieldName);
        Assert.Empty(_sageMaker.Calls);
    }

    [Fact]
    public async Task StartTrainingJobAsync_HyperParameterKeyOver256Characters_Throws()
    {
        var spec = Spec() with { HyperParameters = new Dictionary<string, string> { [new string('k', 257)] = "1" } };

        var error = await Assert.ThrowsAsync<MlOpsValidationException>(() => _client.StartTrainingJobAsync(spec));

        Assert.StartsWith("HyperParameters[", error.FieldName, StringComparison.Ordinal);
        Assert.Empty(_sageMaker.Calls);
    }

    [Fact]
    public async Task StartTrainingJobAsync_MetricRegexThatDoesNotCompile_ThrowsNamingTheMetric()
    {
        var spec = Spec() with { MetricDefinitions = new Dictionary<string, string> { ["loss"] = "loss=([0-9.]+" } };

        var error = await Assert.ThrowsAsync<MlOpsValidationException>(() => _client.StartTrainingJobAsync(spec));

        Assert.Equal("MetricDefinitions[loss]", error.FieldName);
        Assert.Empty(_sageMaker.Calls);
    }

    [Theory]
    [InlineData("s3:///models")]
    [InlineData("https://bucket/models")]
    [InlineData("")]
    public async Task StartTrainingJobAsync_OutputPathWithoutBucket_ThrowsNamingOutputPath(string outputPath)
    {
        var error = await Assert.ThrowsAsync<MlOpsValidationException>(() => _client.StartTrainingJobAsync(Spec() with { OutputPath = outputPath }));

        Assert.Equal("OutputPath", error.FieldName);
        Assert.Empty(_sageMaker.Calls);
    }

    [Fact]
    public async Task StartTrainingJobAsync_ChannelUriWithoutBucket_ThrowsNamingTheChannel()
    {
        var spec = Spec() with { Channels = [new TrainingChannel("train", "s3://")] };

        var error = await Assert.ThrowsAsync<MlOpsValidationException>(() => _client.StartTrainingJobAsync(spec));

        Assert.Equal("Channels[0].S3Uri", error.FieldName);
        Assert.Empty(_sageMaker.Calls);
    }

    [Fact]
    public async Task StartTrainingJobAsync_MaxWaitShorterThanMaxRuntime_Throws()
    {
        var spec = Spec() with { UseManagedSpotTraining = true, MaxRuntime = TimeSpan.FromHours(2), MaxWaitTime = TimeSpan.FromHours(1) };

        var error = await Assert.ThrowsAsync<MlOpsValidationException>(() => _client.StartTrainingJobAsync(spec));

        Assert.Equal("MaxWaitTime", error.FieldName);
    }

    [Fact]
    public async Task StartTrainingJobAsync_JobNameAlreadyExists_ResumesTheJob()
    {
        await _client.StartTrainingJobAsync(Spec());

        var operation = await _client.StartTrainingJobAsync(Spec());

        Assert.Equal("churn-train-1", operation.Id);
        Assert.Equal(2, _sageMaker.Count("CreateTrainingJob"));
    }

    [Fact]
    public async Task WaitForCompletionAsync_JobCompletes_ReturnsModelArtifactAndFinalMetrics()
    {
        _sageMaker.TrainingMetrics["churn-train-1"] = new() { ["accuracy"] = 0.93, ["loss"] = 0.21 };
        var operation = await _client.StartTrainingJobAsync(Spec());

        var job = await _time.DriveAsync(operation.WaitForCompletionAsync(), Delay);

        Assert.Equal("s3://mlops-artifacts/churn/models/churn-train-1/output/model.tar.gz", job.ModelArtifactUri);
        Assert.Equal(0.93, job.FinalMetrics["accuracy"]);
        Assert.Equal(0.21, job.FinalMetrics["loss"]);
    }

    [Fact]
    public async Task WaitForCompletionAsync_JobCompletes_OperationHasCompletedWithValue()
    {
        var operation = await _client.StartTrainingJobAsync(Spec());

        await _time.DriveAsync(operation.WaitForCompletionAsync(), Delay);

        Assert.True(operation.HasCompleted);
        Assert.Equal(TrainingJobStatus.Completed, operation.Value.Status);
    }

    [Fact]
    public async Task WaitForCompletionAsync_JobFails_ThrowsWithFailureReason()
    {
        _sageMaker.TrainingOutcomes["churn-train-1"] = (TrainingJobStatus.Failed, "AlgorithmError: label column 'churn' not found");
        var operation = await _client.StartTrainingJobAsync(Spec());

        var error = await Assert.ThrowsAsync<TrainingJobFailedException>(() => _time.DriveAsync(operation.WaitForCompletionAsync(), Delay));

        Assert.Equal("AlgorithmError: label column 'churn' not found", error.FailureReason);
        Assert.Equal(TrainingJobFailedException.FailedErrorCode, error.ErrorCode);
        Assert.Equal("churn-train-1", error.ResourceName);
    }

    [Fact]
    public async Task WaitForCompletionAsync_JobStopped_ThrowsWithStoppedCode()
    {
        var operation = await _client.StartTrainingJobAsync(Spec());
        await _client.StopTrainingJobAsync("churn-train-1");

        var error = await Assert.ThrowsAsync<TrainingJobFailedException>(() => _time.DriveAsync(operation.WaitForCompletionAsync(), Delay));

        Assert.Equal(TrainingJobFailedException.StoppedErrorCode, error.ErrorCode);
    }

    [Fact]
    public async Task WaitForCompletionAsync_WithProgress_ReportsEverySecondaryStatusInOrder()
    {
        var operation = await _client.StartTrainingJobAsync(Spec());
        var seen = new List<SecondaryStatus>();
        var progress = new SynchronousProgress<TrainingJobProgress>(p => seen.Add(p.SecondaryStatus));

        await _time.DriveAsync(operation.WaitForCompletionAsync(progress), Delay);

        Assert.Equal(
            [SecondaryStatus.Starting, SecondaryStatus.Downloading, SecondaryStatus.Training, SecondaryStatus.Uploading, SecondaryStatus.Completed],
            seen);
    }

    [Fact]
    public async Task WaitForCompletionAsync_WithProgress_ReportsEachTransitionOnce()
    {
        var operation = await _client.StartTrainingJobAsync(Spec());
        var reports = 0;

        await _time.DriveAsync(operation.WaitForCompletionAsync(new SynchronousProgress<TrainingJobProgress>(_ => reports++)), Delay);

        Assert.Equal(operation.Value.Transitions.Count, reports);
    }

    [Fact]
    public async Task WaitForCompletionAsync_StepMessageChanges_ReportsTheNewMessage()
    {
        _sageMaker.StepsPerTransition = 2;
        var operation = await _client.StartTrainingJobAsync(Spec());
        var messages = new List<string?>();

        await _time.DriveAsync(operation.WaitForCompletionAsync(new SynchronousProgress<TrainingJobProgress>(p => messages.Add(p.StatusMessage))), Delay);

        Assert.Equal(["Starting step", "Starting step, still going after 2 polls"], messages.Take(2));
    }

    [Fact]
    public async Task WaitForCompletionAsync_WithProgress_ReportsBillableTime()
    {
        var operation = await _client.StartTrainingJobAsync(Spec());
        TrainingJobProgress? last = null;

        await _time.DriveAsync(operation.WaitForCompletionAsync(new SynchronousProgress<TrainingJobProgress>(p => last = p)), Delay);

        Assert.True(last!.BillableTime > TimeSpan.Zero);
    }

    [Fact]
    public async Task WaitForCompletionAsync_DelayFromOptions_PollsThatFarApartOnTheClock()
    {
        var operation = await _client.StartTrainingJobAsync(Spec());
        var start = _time.GetUtcNow();

        await _time.DriveAsync(operation.WaitForCompletionAsync(), TimeSpan.FromSeconds(1));

        // Five describes (four steps, then the final status) need four waits of 120 s.
        Assert.Equal(5, _sageMaker.Count("DescribeTrainingJob"));
        Assert.Equal(TimeSpan.FromSeconds(480), _time.GetUtcNow() - start);
    }

    [Fact]
    public async Task WaitForCompletionAsync_MaxAttemptsReached_ThrowsWaiterTimeout()
    {
        var client = NewClient(maxAttempts: 2);
        var operation = await client.StartTrainingJobAsync(Spec());

        var error = await Assert.ThrowsAsync<MlOpsException>(() => _time.DriveAsync(operation.WaitForCompletionAsync(), Delay));

        Assert.Equal("WaiterTimeout", error.ErrorCode);
        Assert.Equal(2, _sageMaker.Count("DescribeTrainingJob"));
    }

    [Fact]
    public async Task GetTrainingJobOperation_FromAnotherClient_WaitsForTheSameJob()
    {
        await _client.StartTrainingJobAsync(Spec());
        var later = NewClient(maxAttempts: 180);

        var job = await _time.DriveAsync(later.GetTrainingJobOperation("churn-train-1").WaitForCompletionAsync(), Delay);

        Assert.Equal("churn-train-1", job.Name);
        Assert.Equal(TrainingJobStatus.Completed, job.Status);
    }

    [Fact]
    public async Task RehydrateTrainingJobOperation_TokenFromAnotherClient_WaitsForTheSameJob()
    {
        var started = await _client.StartTrainingJobAsync(Spec());
        var later = NewClient(maxAttempts: 180);

        var job = await _time.DriveAsync(later.RehydrateTrainingJobOperation(started.RehydrationToken).WaitForCompletionAsync(CancellationToken.None), Delay);

        Assert.Equal("churn-train-1", job.Name);
        Assert.Equal(TrainingJobStatus.Completed, job.Status);
    }

    [Theory]
    [InlineData("")]
    [InlineData("churn-train-1")]
    [InlineData("mlops-op-v1.not base64!")]
    [InlineData("mlops-op-v1.e30")]
    public void RehydrateTrainingJobOperation_NotAToken_RefusedNamingTheToken(string token)
    {
        var error = Assert.Throws<MlOpsValidationException>(() => _client.RehydrateTrainingJobOperation(token));

        Assert.Equal("rehydrationToken", error.FieldName);
    }

    [Fact]
    public void Value_BeforeCompletion_ThrowsInvalidOperation()
    {
        var operation = _client.GetTrainingJobOperation("churn-train-1");

        Assert.Throws<InvalidOperationException>(() => operation.Value);
    }

    [Fact]
    public async Task GetLogsAsync_JobWithLog_ReturnsItsLines()
    {
        _logs.Logs["churn-train-1"] = [new TrainingLogEvent(_time.GetUtcNow(), "accuracy=0.93", "stdout")];

        var lines = await _client.GetLogsAsync("churn-train-1").ToListAsync();

        Assert.Equal("accuracy=0.93", Assert.Single(lines).Message);
    }

    [Fact]
    public async Task FollowLogsAsync_JobRunsToCompletion_YieldsEachLineOnceThenEnds()
    {
        await _client.StartTrainingJobAsync(Spec());
        var start = _time.GetUtcNow();
        _logs.Logs["churn-train-1"] =
        [
            new TrainingLogEvent(start, "loading data", "stdout"),
            new TrainingLogEvent(start.AddSeconds(1), "epoch 1", "stdout"),
            new TrainingLogEvent(start.AddSeconds(1), "epoch 1 warning", "stderr"),
        ];

        var lines = await _time.DriveAsync(_client.FollowLogsAsync("churn-train-1").ToListAsync().AsTask(), TimeSpan.FromSeconds(5));

        Assert.Equal(["loading data", "epoch 1", "epoch 1 warning"], lines.Select(l => l.Message));
        Assert.True(_sageMaker.Count("DescribeTrainingJob") > 1);
    }

    [Fact]
    public void WaiterDefaults_AwsMode_AreBotocoreTrainingJobCompletedOrStopped()
    {
        var options = WaiterDefaults.TrainingJobCompleted(MlOpsMode.Aws);

        Assert.Equal(TimeSpan.FromSeconds(120), options.Delay);
        Assert.Equal(180, options.MaxAttempts);
    }

    [Fact]
    public void WaiterDefaults_LocalMode_PollsSubSecond()
    {
        var options = WaiterDefaults.TrainingJobCompleted(MlOpsMode.Local);

        Assert.True(options.Delay < TimeSpan.FromSeconds(1));
    }

    private TrainingClient NewClient(int maxAttempts) =>
        new(_sageMaker, _logs, Options.Create(new TrainingOptions { CompletionWaiter = WaiterOptions.Create(Delay, maxAttempts) }), _time);
}
