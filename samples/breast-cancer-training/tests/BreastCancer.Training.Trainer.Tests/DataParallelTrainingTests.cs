using Microsoft.ML;
using Microsoft.ML.Data;
using BreastCancer.Training.Trainer.Training;

namespace BreastCancer.Training.Trainer.Tests;

public sealed class DataParallelTrainingTests
{
    private const string DataParallel = """{"data_parallel": "true", "data_parallel_timeout_seconds": "60"}""";

    // The tolerance the README states for data-parallel training: averaging shard models is one-shot parameter
    // averaging, which is close to, not equal to, the model of all rows at once.
    private const double AucTolerance = 0.01;
    private const double MeanProbabilityTolerance = 0.05;

    [Fact]
    public async Task RunAsync_TwoHostsDataParallel_ModelIsWithinToleranceOfOneHost()
    {
        using var single = new TrainingJobFolder().WithShippedChannel("train").WithShippedChannel("validation");
        using var log = new StringWriter();
        Assert.Equal(TrainerApplication.Success, await TrainerApplication.RunAsync(["train"], single.Environment, log, TextWriter.Null));
        using var cluster = new DataParallelCluster(2, DataParallel);

        var results = await cluster.RunAsync();

        Assert.All(results, result => Assert.True(result.ExitCode == TrainerApplication.Success, result.Log + result.Errors));
        var (oneAuc, oneProbabilities) = Score(single.ModelDirectory);
        var (twoAuc, twoProbabilities) = Score(cluster.Leader.ModelDirectory);
        Assert.InRange(twoAuc, oneAuc - AucTolerance, oneAuc + AucTolerance);
        Assert.InRange(oneProbabilities.Zip(twoProbabilities, (a, b) => Math.Abs(a - b)).Average(), 0, MeanProbabilityTolerance);
    }

    [Fact]
    public async Task RunAsync_TwoHostsDataParallel_OnlyTheLeaderWritesTheModel()
    {
        using var cluster = new DataParallelCluster(2, DataParallel);

        var results = await cluster.RunAsync();

        Assert.All(results, result => Assert.Equal(TrainerApplication.Success, result.ExitCode));
        Assert.True(File.Exists(Path.Combine(cluster.Jobs[0].ModelDirectory, ModelWriter.ModelFileName)));
        Assert.False(Directory.Exists(cluster.Jobs[1].ModelDirectory) && Directory.EnumerateFileSystemEntries(cluster.Jobs[1].ModelDirectory).Any());
    }

    [Fact]
    public async Task RunAsync_TwoHostsDataParallel_ModelWritesTheColumnsTheEndpointReads()
    {
        using var cluster = new DataParallelCluster(2, DataParallel);

        await cluster.RunAsync();

        var mlContext = new MLContext(seed: 1);
        var model = mlContext.Model.Load(Path.Combine(cluster.Leader.ModelDirectory, ModelWriter.ModelFileName), out var inputSchema);
        var output = model.GetOutputSchema(inputSchema);
        Assert.Equal(NumberDataViewType.Single, output["Score"].Type);
        Assert.Equal(NumberDataViewType.Single, output["Probability"].Type);
        Assert.Equal(BooleanDataViewType.Instance, output["PredictedLabel"].Type);
        Assert.Equal(30, ((VectorDataViewType)inputSchema["Features"].Type).Size);
    }

    [Fact]
    public async Task RunAsync_FourHostsDataParallel_LeaderCombinesEveryHostsRows()
    {
        using var cluster = new DataParallelCluster(4, DataParallel);
        var trainRows = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Data", "train", "train.csv")).Length - 1;

        var results = await cluster.RunAsync();

        Assert.All(results, result => Assert.Equal(TrainerApplication.Success, result.ExitCode));
        Assert.Contains($"combined 4 models trained on {trainRows} rows in all", results[0].Log, StringComparison.Ordinal);
        Assert.Contains($"\"trainingRows\": {trainRows}", File.ReadAllText(Path.Combine(cluster.Leader.ModelDirectory, ModelWriter.DescriptionFileName)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_DataParallelWithFastTree_FailsNamingTheHyperparameter()
    {
        using var cluster = new DataParallelCluster(2, """{"data_parallel": "true", "algorithm": "fasttree"}""");

        var results = await cluster.RunAsync(only: [0]);

        Assert.Equal(TrainerApplication.Failed, results[0].ExitCode);
        Assert.Contains("'data_parallel' needs algorithm 'lbfgs'", File.ReadAllText(cluster.Leader.FailureFile), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_LeaderWhoseOtherHostNeverSends_FailsNamingTheHost()
    {
        using var cluster = new DataParallelCluster(2, """{"data_parallel": "true", "data_parallel_timeout_seconds": "1"}""");

        var results = await cluster.RunAsync(only: [0]);

        Assert.Equal(TrainerApplication.Failed, results[0].ExitCode);
        Assert.Contains("algo-1 got no model from algo-2 within 1 s", File.ReadAllText(cluster.Leader.FailureFile), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_HostWithoutAFileOfItsShard_FailsSayingHowToSplitTheChannel()
    {
        using var cluster = new DataParallelCluster(2, DataParallel);
        File.Delete(Path.Combine(cluster.Jobs[1].BaseDirectory, "input", "data", "train", "part-1.csv"));

        var results = await cluster.RunAsync(only: [1]);

        Assert.Equal(TrainerApplication.Failed, results[0].ExitCode);
        Assert.Contains("at least as many .csv files as hosts (2)", File.ReadAllText(cluster.Jobs[1].FailureFile), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_TwoHostsWithoutDataParallel_WarnsThatOnlyTheLeadersModelIsKept()
    {
        using var cluster = new DataParallelCluster(2, "{}");

        var results = await cluster.RunAsync(only: [0]);

        Assert.Equal(TrainerApplication.Success, results[0].ExitCode);
        Assert.Contains("data_parallel is off", results[0].Log, StringComparison.Ordinal);
    }

    private static (double Auc, float[] Probabilities) Score(string modelDirectory)
    {
        var mlContext = new MLContext(seed: 1);
        var model = mlContext.Model.Load(Path.Combine(modelDirectory, ModelWriter.ModelFileName), out var inputSchema);
        var validationFile = Path.Combine(AppContext.BaseDirectory, "Data", "validation", "validation.csv");
        var header = File.ReadLines(validationFile).First().Split(',');
        var label = Array.IndexOf(header, "target");
        var loader = mlContext.Data.CreateTextLoader(new TextLoader.Options
        {
            Separators = [','],
            HasHeader = true,
            Columns =
            [
                new TextLoader.Column("Label", DataKind.Boolean, label),
                new TextLoader.Column("Features", DataKind.Single, [.. Enumerable.Range(0, header.Length).Where(i => i != label).Select(i => new TextLoader.Range(i))]),
            ],
        });
        var scored = model.Transform(loader.Load(validationFile));
        var auc = mlContext.BinaryClassification.Evaluate(scored).AreaUnderRocCurve;
        return (auc, [.. scored.GetColumn<float>("Probability")]);
    }
}
