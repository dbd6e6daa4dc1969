namespace MlOps.Sdk.SageMaker;

/// <summary>One line of a training job's log.</summary>
/// <param name="Timestamp">When the line was written.</param>
/// <param name="Message">The line, without its line break.</param>
/// <param name="StreamName">The log stream it came from (<c>&lt;job&gt;/algo-1-&lt;epoch seconds&gt;</c>, one per host, on AWS and locally).</param>
public sealed record TrainingLogEvent(DateTimeOffset Timestamp, string Message, string StreamName);
