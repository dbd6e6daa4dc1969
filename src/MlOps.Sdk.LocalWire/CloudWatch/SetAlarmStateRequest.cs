namespace MlOps.Sdk.LocalWire.CloudWatch;

/// <summary>The request of CloudWatch's <c>SetAlarmState</c>.</summary>
internal sealed record SetAlarmStateRequest
{
    /// <summary>The alarm.</summary>
    public string? AlarmName { get; init; }

    /// <summary><c>OK</c>, <c>ALARM</c> or <c>INSUFFICIENT_DATA</c>.</summary>
    public string? StateValue { get; init; }

    /// <summary>Why, as text.</summary>
    public string? StateReason { get; init; }

    /// <summary>Why, as JSON.</summary>
    public string? StateReasonData { get; init; }
}
