using BreastCancer.Training.Trainer.Contract;

namespace BreastCancer.Training.Trainer.Tests;

public sealed class TrainingPathsTests
{
    [Fact]
    public void FromEnvironment_NoVariables_UsesOptMl()
    {
        var paths = TrainingPaths.FromEnvironment(new Dictionary<string, string>());

        Assert.Equal("/opt/ml", paths.BaseDirectory);
        Assert.Equal(Path.Combine("/opt/ml", "model"), paths.ModelDirectory);
        Assert.Equal(Path.Combine("/opt/ml", "input", "config", "hyperparameters.json"), paths.HyperparametersFile);
        Assert.Equal(Path.Combine("/opt/ml", "output", "failure"), paths.FailureFile);
    }

    [Fact]
    public void FromEnvironment_BaseDirectoryWithChannelFolders_FindsEachChannel()
    {
        using var job = new TrainingJobFolder().WithShippedChannel("train").WithShippedChannel("validation");

        var paths = TrainingPaths.FromEnvironment(job.Environment);

        Assert.Equal(Path.Combine(job.BaseDirectory, "input", "data", "train"), paths.Channel("train"));
        Assert.Equal(Path.Combine(job.BaseDirectory, "input", "data", "validation"), paths.Channel("VALIDATION"));
    }

    [Fact]
    public void FromEnvironment_ChannelAndModelVariables_WinOverFolders()
    {
        var environment = new Dictionary<string, string>
        {
            ["SAGEMAKER_BASE_DIR"] = "/jobs/one",
            ["SM_CHANNEL_TRAIN"] = "/data/train",
            ["SM_CHANNELS"] = "[\"train\"]",
            ["SM_MODEL_DIR"] = "/models/one",
        };

        var paths = TrainingPaths.FromEnvironment(environment);

        Assert.Equal("/data/train", paths.Channel("train"));
        Assert.Equal("/models/one", paths.ModelDirectory);
        Assert.Single(paths.Channels);
    }
}
