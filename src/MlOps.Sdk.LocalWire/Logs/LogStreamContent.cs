namespace MlOps.Sdk.LocalWire.Logs;

/// <summary>One log stream as a source read it.</summary>
/// <param name="Name">The stream's name.</param>
/// <param name="CreationTime">When the stream was created, in milliseconds since the epoch.</param>
/// <param name="Events">The events, oldest first.</param>
internal sealed record LogStreamContent(string Name, long CreationTime, IReadOnlyList<OutputLogEvent> Events);
