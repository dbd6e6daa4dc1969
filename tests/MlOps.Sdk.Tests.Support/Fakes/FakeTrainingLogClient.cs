using System.Runtime.CompilerServices;
using MlOps.Sdk.SageMaker;

namespace MlOps.Sdk.Tests.Fakes;

/// <summary>Training logs held in memory, by job name.</summary>
public sealed class FakeTrainingLogClient : ITrainingLogClient
{
    public Dictionary<string, List<TrainingLogEvent>> Logs { get; } = new(StringComparer.Ordinal);

    public async IAsyncEnumerable<TrainingLogEvent> GetTrainingJobLogEventsAsync(string trainingJobName, DateTimeOffset? startTime = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var line in Logs.TryGetValue(trainingJobName, out var lines) ? lines.ToList() : [])
        {
            if (startTime is null || line.Timestamp >= startTime)
            {
                await Task.Yield();
                yield return line;
            }
        }
    }
}
