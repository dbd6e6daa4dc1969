namespace MlOps.Sdk.Local;

/// <summary>The first host of a cluster that failed, and when the job began ending the others because of it.</summary>
/// <param name="HostName">The failed host (<c>algo-3</c>).</param>
/// <param name="NoticedAt">When the job sent SIGTERM to the other hosts; SIGKILL follows after the stop grace period.</param>
internal sealed record LocalTrainingHostFailure(string HostName, DateTimeOffset NoticedAt);
