namespace MlOps.Sdk.LocalWire.CloudWatch;

/// <summary>The request of CloudWatch's <c>DeleteAlarms</c>.</summary>
internal sealed record DeleteAlarmsRequest
{
    /// <summary>The alarms to delete.</summary>
    public IReadOnlyList<string>? AlarmNames { get; init; }
}
