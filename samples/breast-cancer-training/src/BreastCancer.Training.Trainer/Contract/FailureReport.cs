using System.Text;

namespace BreastCancer.Training.Trainer.Contract;

/// <summary>Writes <c>output/failure</c>, whose text SageMaker shows as the job's FailureReason.</summary>
public static class FailureReport
{
    // SageMaker keeps the first 1024 characters of FailureReason.
    private const int MaximumLength = 1024;

    /// <summary>Writes the reason; a failure to write it must not hide the original error, so it is only reported.</summary>
    /// <param name="paths">The contract's paths.</param>
    /// <param name="reason">The reason, one line if possible.</param>
    /// <param name="log">Where to report a failure to write the file.</param>
    public static void Write(TrainingPaths paths, string reason, TextWriter log)
    {
        var text = reason.Length > MaximumLength ? reason[..MaximumLength] : reason;
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(paths.FailureFile)!);
            File.WriteAllText(paths.FailureFile, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            log.WriteLine($"error: could not write {paths.FailureFile}: {exception.Message}");
        }
    }
}
