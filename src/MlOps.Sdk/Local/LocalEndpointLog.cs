using System.Text.RegularExpressions;

namespace MlOps.Sdk.Local;

/// <summary>
/// Reads a local endpoint's logs as SageMaker publishes them: one stream per production variant instance, named
/// <c>&lt;variant&gt;/&lt;instance id&gt;</c>, holding that model server's <c>server.log</c>. A local fleet runs a
/// variant's first instance in <c>endpoints/&lt;endpoint&gt;/&lt;deployment id&gt;/&lt;variant&gt;/</c>, whose instance
/// id is the deployment id, and each further instance, or replacement of a dead one, in
/// <c>&lt;variant&gt;.&lt;suffix&gt;/</c>, whose instance id is <c>&lt;deployment id&gt;-&lt;suffix&gt;</c>: a replaced
/// instance shows as a new stream, as CloudWatch shows a new instance's. Streams stay while their fleet's folder remains.
/// </summary>
internal static partial class LocalEndpointLog
{
    /// <summary>
    /// Every instance stream of the endpoint, by deployment and variant; <see langword="null"/> when the endpoint never
    /// started a server here (no folder), as CloudWatch has no log group for it then.
    /// </summary>
    internal static IReadOnlyList<LocalEndpointLogStream>? Read(string home, string endpointName)
    {
        // The name becomes a path: only what SageMaker accepts as an endpoint name, so nothing can climb out of the home.
        var folder = Path.Combine(home, "endpoints", endpointName);
        if (!EndpointName().IsMatch(endpointName) || !Directory.Exists(folder))
        {
            return null;
        }

        var streams = new List<LocalEndpointLogStream>();
        foreach (var deployment in Directory.EnumerateDirectories(folder).Order(StringComparer.Ordinal))
        {
            foreach (var instance in Directory.EnumerateDirectories(deployment).Order(StringComparer.Ordinal))
            {
                if (ReadInstance(instance, Path.GetFileName(deployment)) is { } stream)
                {
                    streams.Add(stream);
                }
            }
        }

        return streams;
    }

    private static LocalEndpointLogStream? ReadInstance(string instance, string instanceId)
    {
        var log = new FileInfo(Path.Combine(instance, LocalServerFleet.ServerLogFileName));
        if (!log.Exists)
        {
            return null;
        }

        // The supervisor script is written once, just before the server starts: the instance's (and stream's) birth.
        var script = new FileInfo(Path.Combine(instance, SupervisedProcess.ScriptFileName));
        var createdAt = LocalTimestamp.Of(new DateTimeOffset(script.Exists ? script.LastWriteTimeUtc : Directory.GetLastWriteTimeUtc(instance), TimeSpan.Zero));

        // server.log holds the server's raw stdout and stderr: unlike a training host's lines, which the supervisor
        // stamps as they are written, its lines carry no time. Each complete line is given the file's last write
        // time, the one instant known to be no earlier than the line: it never dates a line before it was written,
        // never lies in the future, and keeps the file's order. A line's time moves forward while the server keeps
        // writing, which docs/local-wire.md states.
        var writtenBy = LocalTimestamp.Of(new DateTimeOffset(log.LastWriteTimeUtc, TimeSpan.Zero));
        using var reader = new StreamReader(new FileStream(log.FullName, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));
        var text = reader.ReadToEnd();
        var end = text.LastIndexOf('\n');
        var lines = end < 0 ? [] : text[..end].Split('\n').Select(line => line.TrimEnd('\r')).ToList();
        var folder = Path.GetFileName(instance).Split(LocalServerFleet.InstanceSeparator, 2);
        var name = folder.Length == 1 ? $"{folder[0]}/{instanceId}" : $"{folder[0]}/{instanceId}-{folder[1]}";
        return new LocalEndpointLogStream(name, createdAt, writtenBy, lines);
    }

    [GeneratedRegex("^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex EndpointName();
}
