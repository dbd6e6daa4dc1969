using System.Globalization;
using MlOps.Sdk.SageMaker;

namespace MlOps.Sdk.Local;

/// <summary>Reads a local training job's log: the stdout and stderr lines its supervisor stamped with their write time.</summary>
internal static class LocalTrainingLog
{
    internal const string StandardOutput = "stdout";
    internal const string StandardError = "stderr";

    /// <summary>Every complete line of both streams, in time order.</summary>
    internal static List<TrainingLogEvent> Read(string jobDirectory)
    {
        var events = new List<TrainingLogEvent>();
        ReadStream(Path.Combine(jobDirectory, StandardOutput + ".log"), StandardOutput, events);
        ReadStream(Path.Combine(jobDirectory, StandardError + ".log"), StandardError, events);
        return [.. events.OrderBy(e => e.Timestamp)];
    }

    private static void ReadStream(string file, string stream, List<TrainingLogEvent> events)
    {
        if (!File.Exists(file))
        {
            return;
        }

        using var reader = new StreamReader(new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));
        var text = reader.ReadToEnd();
        var end = text.LastIndexOf('\n');
        if (end < 0)
        {
            return;
        }

        foreach (var line in text[..end].Split('\n'))
        {
            var space = line.IndexOf(' ');
            if (space <= 0)
            {
                continue;
            }

            // bash writes $EPOCHREALTIME with the locale's decimal separator.
            var stamp = line[..space].Replace(',', '.');
            if (!decimal.TryParse(stamp, NumberStyles.Number, CultureInfo.InvariantCulture, out var seconds))
            {
                continue;
            }

            var timestamp = DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000m));
            events.Add(new TrainingLogEvent(timestamp, line[(space + 1)..].TrimEnd('\r'), stream));
        }
    }
}
