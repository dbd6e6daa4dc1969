using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.ML;
using Microsoft.ML.Data;
using BreastCancer.Training.Trainer.Training;

namespace BreastCancer.Training.Trainer.Tests;

public sealed class TrainerApplicationTests
{
    // The regex the project's MetricDefinitions use (manifest.json).
    private static readonly Regex AucLine = new(@"metric: validation:auc=([0-9\.]+)", RegexOptions.CultureInvariant);

    [Fact]
    public async Task RunAsync_ShippedData_WritesModelMetricsAndDescription()
    {
        using var job = new TrainingJobFolder().WithShippedChannel("train").WithShippedChannel("validation");

        var (exitCode, _, _) = await RunAsync(job, "train");

        Assert.Equal(TrainerApplication.Success, exitCode);
        Assert.True(File.Exists(Path.Combine(job.ModelDirectory, ModelWriter.ModelFileName)));
        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(job.ModelDirectory, ModelWriter.MetricsFileName)));
        Assert.True(metrics.RootElement.GetProperty("validation:auc").GetDouble() > 0.95);
        using var description = JsonDocument.Parse(File.ReadAllText(Path.Combine(job.ModelDirectory, ModelWriter.DescriptionFileName)));
        Assert.Equal(30, description.RootElement.GetProperty("features").GetArrayLength());
        Assert.False(File.Exists(job.FailureFile));
    }

    [Fact]
    public async Task RunAsync_ShippedData_StampsEveryModelEntryWithTheFixedTime()
    {
        using var job = new TrainingJobFolder().WithShippedChannel("train").WithShippedChannel("validation");

        await RunAsync(job, "train");

        using var archive = System.IO.Compression.ZipFile.OpenRead(Path.Combine(job.ModelDirectory, ModelWriter.ModelFileName));
        Assert.NotEmpty(archive.Entries);
        Assert.All(archive.Entries, entry => Assert.Equal(ModelWriter.ModelEntryTime.DateTime, entry.LastWriteTime.DateTime));
    }

    [Fact]
    public async Task RunAsync_ShippedData_PrintsMetricLinesThatMetricDefinitionsMatch()
    {
        using var job = new TrainingJobFolder().WithShippedChannel("train").WithShippedChannel("validation");

        var (_, log, _) = await RunAsync(job, "train");

        var match = AucLine.Match(log);
        Assert.True(match.Success, log);
        Assert.InRange(double.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 0.95, 1.0);
    }

    [Fact]
    public async Task RunAsync_FastTreeHyperparameters_TrainsTrees()
    {
        using var job = new TrainingJobFolder()
            .WithShippedChannel("train")
            .WithShippedChannel("validation")
            .WithHyperparameters("""{"algorithm": "fasttree", "number_of_trees": "20", "number_of_leaves": "8"}""");

        var (exitCode, log, _) = await RunAsync(job, "train");

        Assert.Equal(TrainerApplication.Success, exitCode);
        Assert.Contains("training fasttree", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_NoValidationChannel_HoldsOutTrainingRows()
    {
        using var job = new TrainingJobFolder().WithShippedChannel("train");

        var (exitCode, log, _) = await RunAsync(job, "train");

        Assert.Equal(TrainerApplication.Success, exitCode);
        Assert.Contains("no 'validation' channel", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_SavedModel_PredictsMalignantRowAsMalignant()
    {
        using var job = new TrainingJobFolder().WithShippedChannel("train").WithShippedChannel("validation");
        await RunAsync(job, "train");
        // The first validation row is a malignant case (target 0).
        var firstRow = File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Data", "validation", "validation.csv")).Skip(1).First()
            .Split(',').Select(cell => float.Parse(cell, System.Globalization.CultureInfo.InvariantCulture)).ToArray();

        var mlContext = new MLContext();
        var model = mlContext.Model.Load(Path.Combine(job.ModelDirectory, ModelWriter.ModelFileName), out _);
        var rows = mlContext.Data.LoadFromEnumerable([new Row { Features = firstRow[..30] }]);
        var predicted = mlContext.Data.CreateEnumerable<Prediction>(model.Transform(rows), reuseRowObject: false).Single();

        Assert.Equal(0f, firstRow[30]);
        Assert.False(predicted.PredictedLabel);
    }

    [Fact]
    public async Task RunAsync_NoTrainChannel_WritesFailureAndExitsNonZero()
    {
        using var job = new TrainingJobFolder();

        var (exitCode, _, errors) = await RunAsync(job, "train");

        Assert.Equal(TrainerApplication.Failed, exitCode);
        Assert.Contains("'train' channel", File.ReadAllText(job.FailureFile), StringComparison.Ordinal);
        Assert.Contains("'train' channel", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_BadHyperparameter_WritesFailureNamingIt()
    {
        using var job = new TrainingJobFolder().WithShippedChannel("train").WithHyperparameters("""{"max_iterations": "-5"}""");

        var (exitCode, _, _) = await RunAsync(job, "train");

        Assert.Equal(TrainerApplication.Failed, exitCode);
        Assert.Contains("'max_iterations'", File.ReadAllText(job.FailureFile), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(job.ModelDirectory, ModelWriter.ModelFileName)));
    }

    [Fact]
    public async Task RunAsync_NonNumericCell_WritesFailureNamingTheRow()
    {
        using var job = new TrainingJobFolder().WithChannelFile("train", "bad.csv", "a,b,target\n1,2,1\n3,oops,0\n");

        var (exitCode, _, _) = await RunAsync(job, "train");

        Assert.Equal(TrainerApplication.Failed, exitCode);
        Assert.Contains("row 2", File.ReadAllText(job.FailureFile), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_MissingLabelColumn_WritesFailureNamingTheColumn()
    {
        using var job = new TrainingJobFolder().WithShippedChannel("train").WithHyperparameters("""{"label_column": "diagnosis"}""");

        var (exitCode, _, _) = await RunAsync(job, "train");

        Assert.Equal(TrainerApplication.Failed, exitCode);
        Assert.Contains("'diagnosis'", File.ReadAllText(job.FailureFile), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_UnknownCommand_ReturnsUsageWithoutWritingFailure()
    {
        using var job = new TrainingJobFolder();

        var (exitCode, _, errors) = await RunAsync(job, "serve");

        Assert.Equal(TrainerApplication.Usage, exitCode);
        Assert.Contains("usage", errors, StringComparison.Ordinal);
        Assert.False(File.Exists(job.FailureFile));
    }

    private static async Task<(int ExitCode, string Log, string Errors)> RunAsync(TrainingJobFolder job, params string[] args)
    {
        using var log = new StringWriter();
        using var errors = new StringWriter();
        var exitCode = await TrainerApplication.RunAsync(args, job.Environment, log, errors);
        return (exitCode, log.ToString(), errors.ToString());
    }

    private sealed class Row
    {
        [VectorType(30)]
        public float[] Features { get; set; } = [];
    }

    private sealed class Prediction
    {
        public bool PredictedLabel { get; set; }
    }
}
