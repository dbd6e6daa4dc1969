namespace BreastCancer.Training.Trainer.Tests;

/// <summary>A throw-away SAGEMAKER_BASE_DIR laid out the way SageMaker lays out /opt/ml.</summary>
public sealed class TrainingJobFolder : IDisposable
{
    public TrainingJobFolder()
    {
        BaseDirectory = Directory.CreateTempSubdirectory("trainer-tests-").FullName;
        Directory.CreateDirectory(Path.Combine(BaseDirectory, "input", "config"));
        Directory.CreateDirectory(Path.Combine(BaseDirectory, "input", "data"));
    }

    public string BaseDirectory { get; }

    public string ModelDirectory => Path.Combine(BaseDirectory, "model");

    public string FailureFile => Path.Combine(BaseDirectory, "output", "failure");

    public Dictionary<string, string> Environment => new() { ["SAGEMAKER_BASE_DIR"] = BaseDirectory };

    /// <summary>Copies the project's shipped CSV files into a channel.</summary>
    public TrainingJobFolder WithShippedChannel(string channel)
    {
        var target = ChannelDirectory(channel);
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Data", channel), "*.csv"))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        return this;
    }

    public TrainingJobFolder WithChannelFile(string channel, string fileName, string content)
    {
        File.WriteAllText(Path.Combine(ChannelDirectory(channel), fileName), content);
        return this;
    }

    public TrainingJobFolder WithHyperparameters(string json)
    {
        File.WriteAllText(Path.Combine(BaseDirectory, "input", "config", "hyperparameters.json"), json);
        return this;
    }

    public void Dispose() => Directory.Delete(BaseDirectory, recursive: true);

    private string ChannelDirectory(string channel) =>
        Directory.CreateDirectory(Path.Combine(BaseDirectory, "input", "data", channel)).FullName;
}
