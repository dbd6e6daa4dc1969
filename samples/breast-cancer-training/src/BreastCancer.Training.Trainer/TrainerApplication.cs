using System.Collections;
using BreastCancer.Training.Trainer.Contract;
using BreastCancer.Training.Trainer.Training;

namespace BreastCancer.Training.Trainer;

/// <summary>
/// The container's <c>train</c> command under the SageMaker training contract: read the channels and hyperparameters,
/// train, write the model folder; on any error write <c>output/failure</c> and exit non-zero.
/// </summary>
public static class TrainerApplication
{
    /// <summary>Exit code of a successful run.</summary>
    public const int Success = 0;

    /// <summary>Exit code when training failed (the reason is in <c>output/failure</c>).</summary>
    public const int Failed = 1;

    /// <summary>Exit code for a command line this program does not understand.</summary>
    public const int Usage = 2;

    /// <summary>Runs the command line.</summary>
    /// <param name="args">The arguments: <c>train</c>.</param>
    /// <param name="environment">The environment variables.</param>
    /// <param name="log">Standard output: progress and metric lines.</param>
    /// <param name="errors">Standard error.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>The process exit code.</returns>
    public static async Task<int> RunAsync(
        string[] args,
        IReadOnlyDictionary<string, string> environment,
        TextWriter log,
        TextWriter errors,
        CancellationToken cancellationToken = default)
    {
        if (args is not ["train"])
        {
            errors.WriteLine("usage: BreastCancer.Training.Trainer train   (the SageMaker training contract; see README.md)");
            return Usage;
        }

        var paths = TrainingPaths.FromEnvironment(environment);
        try
        {
            log.WriteLine($"trainer: base folder {paths.BaseDirectory}, channels: {string.Join(", ", paths.Channels.Keys.Order(StringComparer.Ordinal))}");
            var hyperparameters = await Hyperparameters.LoadAsync(paths, environment, cancellationToken).ConfigureAwait(false);
            var settings = TrainerSettings.From(hyperparameters);
            var cluster = ClusterDescription.FromEnvironment(environment, paths);
            TrainingResult result;
            if (cluster.Hosts.Count > 1 && settings.DataParallel)
            {
                if (await new DataParallelTraining(settings, cluster, log).RunAsync(paths, cancellationToken).ConfigureAwait(false) is not { } combined)
                {
                    log.WriteLine($"trainer: {cluster.CurrentHost} is done; {cluster.Leader} writes the job's model");
                    return Success;
                }

                result = combined;
            }
            else
            {
                if (cluster.Hosts.Count > 1)
                {
                    log.WriteLine($"trainer: warning: {cluster.Hosts.Count} hosts but data_parallel is off, so each trains alone and the job keeps only {cluster.Leader}'s model");
                }

                result = new BinaryClassifierTrainer(settings, log).Train(paths);
            }

            await ModelWriter.WriteAsync(result, settings, paths.ModelDirectory, log, cancellationToken).ConfigureAwait(false);
            log.WriteLine($"trainer: model written to {paths.ModelDirectory}");
            return Success;
        }
        catch (TrainerInputException exception)
        {
            return Fail(paths, exception.Message, errors);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Anything unexpected still ends as a clean failure with a reason, never as a crash without one.
            return Fail(paths, $"{exception.GetType().Name}: {exception.Message}", errors);
        }
    }

    /// <summary>Takes a snapshot of the process environment.</summary>
    /// <returns>Variable names to values.</returns>
    public static IReadOnlyDictionary<string, string> ProcessEnvironment() =>
        Environment.GetEnvironmentVariables()
            .Cast<DictionaryEntry>()
            .ToDictionary(entry => (string)entry.Key, entry => entry.Value as string ?? string.Empty, StringComparer.Ordinal);

    private static int Fail(TrainingPaths paths, string reason, TextWriter errors)
    {
        errors.WriteLine($"error: {reason}");
        FailureReport.Write(paths, reason, errors);
        return Failed;
    }
}
