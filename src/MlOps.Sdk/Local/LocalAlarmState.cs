namespace MlOps.Sdk.Local;

/// <summary>The state of a local CloudWatch alarm, as CloudWatch's <c>StateValue</c> names them.</summary>
public enum LocalAlarmState
{
    /// <summary><c>OK</c>: the alarm's condition is not met.</summary>
    Ok,

    /// <summary><c>ALARM</c>: the alarm has tripped; a blue/green update that names it and is baking rolls back.</summary>
    Alarm,

    /// <summary><c>INSUFFICIENT_DATA</c>: the state of every new alarm until it is set.</summary>
    InsufficientData,
}
