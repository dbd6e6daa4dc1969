using MlOps.Sdk.Tests.Fakes;
using MlOps.Sdk.Training;

namespace MlOps.Sdk.Tests.BadInput;

/// <summary>What a bad input is submitted to: a recording SageMaker and an empty folder, both checked untouched afterwards.</summary>
public sealed class BadInputWorld : IDisposable
{
    public BadInputWorld()
    {
        SageMaker = new FakeSageMakerClient(FakeTime.Create());
        Training = new TrainingClient(SageMaker, new FakeTrainingLogClient());
        Folder = Directory.CreateTempSubdirectory("mlops-bad-input-").FullName;
    }

    public FakeSageMakerClient SageMaker { get; }

    public TrainingClient Training { get; }

    /// <summary>An empty folder: outputs and extraction targets point inside it.</summary>
    public string Folder { get; }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
