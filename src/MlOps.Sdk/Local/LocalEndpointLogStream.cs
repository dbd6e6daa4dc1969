namespace MlOps.Sdk.Local;

/// <summary>One endpoint instance's log stream: its name, when the instance started, and its complete lines in file order.</summary>
/// <param name="Name">The stream's name, <c>&lt;variant&gt;/&lt;instance id&gt;</c>.</param>
/// <param name="CreatedAt">When the instance's server was launched.</param>
/// <param name="LinesWrittenBy">The time every line carries (see <see cref="LocalEndpointLog"/> for why).</param>
/// <param name="Lines">The lines, without their line breaks.</param>
internal sealed record LocalEndpointLogStream(string Name, DateTimeOffset CreatedAt, DateTimeOffset LinesWrittenBy, IReadOnlyList<string> Lines);
