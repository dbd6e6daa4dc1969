namespace BreastCancer.Endpoint.Server.Payloads;

/// <summary>The payload formats the server reads and writes.</summary>
public enum PayloadFormat
{
    /// <summary><c>application/json</c>.</summary>
    Json,

    /// <summary><c>text/csv</c>: one row per line, no header.</summary>
    Csv,
}
