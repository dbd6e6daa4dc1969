namespace MlOps.Sdk.Tests.Fakes;

/// <summary>One call a recording fake received: the operation's AWS name and its validated request.</summary>
public sealed record RecordedCall(string Operation, object Request);
