namespace MlOps.Sdk.Local;

/// <summary>One change of a local alarm's state: the state it went to and when.</summary>
internal sealed record LocalAlarmTransition(LocalAlarmState State, DateTimeOffset At);
