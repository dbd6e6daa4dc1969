using MlOps.Sdk.Endpoints;
using MlOps.Sdk.Tests.Fakes;
using MlOps.Sdk.Training;

namespace MlOps.Sdk.Tests.BadInput;

/// <summary>What a bad input is submitted to: a recording SageMaker and runtime and an empty folder, both checked untouched afterwards.</summary>
public sealed class BadInputWorld : IDisposable
{
    public BadInputWorld()
    {
        SageMaker = new FakeSageMakerClient(FakeTime.Create());
        Training = new TrainingClient(SageMaker, new FakeTrainingLogClient());
        Runtime = new FakeSageMakerRuntimeClient(SageMaker);
        Endpoints = new EndpointClient(SageMaker, Runtime);
        Folder = Directory.CreateTempSubdirectory("mlops-bad-input-").FullName;
    }

    public FakeSageMakerClient SageMaker { get; }

    public TrainingClient Training { get; }

    /// <summary>The runtime that invocations would reach; its count must stay 0.</summary>
    public FakeSageMakerRuntimeClient Runtime { get; }

    public EndpointClient Endpoints { get; }

    /// <summary>An empty folder: outputs and extraction targets point inside it.</summary>
    public string Folder { get; }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
