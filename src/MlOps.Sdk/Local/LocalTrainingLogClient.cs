using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using MlOps.Sdk.SageMaker;

namespace MlOps.Sdk.Local;

/// <summary>Reads a local training job's log: its trainer's stdout and stderr lines, each stamped with when it was written.</summary>
public sealed class LocalTrainingLogClient : ITrainingLogClient
{
    private readonly LocalStateStore state;
    private readonly LocalArns arns;

    /// <summary>Creates the client over the home folder the options name.</summary>
    /// <param name="options">Local-mode settings.</param>
    public LocalTrainingLogClient(IOptions<LocalOptions> options)
        : this(new LocalStateStore(options ?? throw new ArgumentNullException(nameof(options))), new LocalArns(options.Value.ResolveRegion(), options.Value.AccountId))
    {
    }

    internal LocalTrainingLogClient(LocalStateStore state, LocalArns arns)
    {
        this.state = state;
        this.arns = arns;
    }

    internal LocalStateStore State => state;

    /// <inheritdoc />
    public async IAsyncEnumerable<TrainingLogEvent> GetTrainingJobLogEventsAsync(string trainingJobName, DateTimeOffset? startTime = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var request = new DescribeTrainingJobRequest { TrainingJobName = trainingJobName };
        request.Validate();
        var record = await state.GetAsync<LocalTrainingJobRecord>(LocalResourceKind.TrainingJob, trainingJobName, cancellationToken).ConfigureAwait(false)
            ?? throw LocalErrors.MissingAsValidation($"Requested resource not found: training job {trainingJobName} does not exist.", arns.For(LocalResourceKind.TrainingJob, trainingJobName));
        foreach (var logEvent in LocalTrainingLog.Read(record))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (startTime is null || logEvent.Timestamp >= startTime)
            {
                yield return logEvent;
            }
        }
    }
}
