using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using MlOps.Sdk.SageMaker;

namespace MlOps.Sdk.Local;

/// <summary>
/// Extracts a training job's final metrics from its log with the job's metric definitions, as SageMaker does: the
/// last value each regex captures (its first group, else the whole match) is the final value.
/// </summary>
internal static class LocalTrainingMetrics
{
    /// <summary>
    /// Reads the leader's log only: in a cluster every host usually prints the same metric names, and taking them
    /// from the host the model comes from keeps the final metrics those of that model.
    /// </summary>
    internal static List<MetricData>? Extract(LocalTrainingJobRecord record, ILogger logger)
    {
        var definitions = record.Description.AlgorithmSpecification?.MetricDefinitions;
        if (definitions is null || definitions.Count == 0)
        {
            return null;
        }

        var events = LocalTrainingLog.Read(record, record.Leader);
        var metrics = new List<MetricData>();
        foreach (var definition in definitions)
        {
            Regex regex;
            try
            {
                regex = new Regex(definition.Regex, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException ex)
            {
                logger.LogWarning(ex, "Metric {MetricName} has an invalid regex and is skipped", definition.Name);
                continue;
            }

            MetricData? last = null;
            foreach (var logEvent in events)
            {
                foreach (Match match in regex.Matches(logEvent.Message))
                {
                    var text = match.Groups.Count > 1 ? match.Groups[1].Value : match.Value;
                    if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                    {
                        last = new MetricData { MetricName = definition.Name, Value = value, Timestamp = logEvent.Timestamp };
                    }
                }
            }

            if (last is not null)
            {
                metrics.Add(last);
            }
        }

        return metrics;
    }
}
