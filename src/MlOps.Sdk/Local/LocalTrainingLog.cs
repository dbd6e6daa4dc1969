using System.Globalization;
using MlOps.Sdk.SageMaker;

namespace MlOps.Sdk.Local;

/// <summary>
/// Reads a local training job's log: the stdout and stderr lines each host's supervisor stamped with their write
/// time. Each host's lines form one stream named as CloudWatch names a training host's stream,
/// <c>&lt;job&gt;/algo-1-&lt;epoch seconds of the launch&gt;</c>, so code that reads AWS logs reads these alike.
/// </summary>
internal static class LocalTrainingLog
{
    internal const string StandardOutput = "stdout";
    internal const string StandardError = "stderr";

    /// <summary>Every complete line of every host, in time order.</summary>
    internal static List<TrainingLogEvent> Read(LocalTrainingJobRecord record) =>
        [.. record.Hosts.SelectMany(host => ReadHost(record, host)).OrderBy(e => e.Timestamp)];

    /// <summary>Every complete line of one host, in time order.</summary>
    internal static List<TrainingLogEvent> Read(LocalTrainingJobRecord record, LocalTrainingHost host) =>
        [.. ReadHost(record, host).OrderBy(e => e.Timestamp)];

    internal static string StreamName(LocalTrainingJobRecord record, LocalTrainingHost host)
    {
        var launched = record.LaunchedAt ?? record.Description.CreationTime;
        return $"{record.Description.TrainingJobName}/{host.Name}-{launched.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}";
    }

    private static List<TrainingLogEvent> ReadHost(LocalTrainingJobRecord record, LocalTrainingHost host)
    {
        var events = new List<TrainingLogEvent>();
        var stream = StreamName(record, host);
        ReadFile(Path.Combine(host.Directory, StandardOutput + ".log"), stream, events);
        ReadFile(Path.Combine(host.Directory, StandardError + ".log"), stream, events);
        return events;
    }

    private static void ReadFile(string file, string stream, List<TrainingLogEvent> events)
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
