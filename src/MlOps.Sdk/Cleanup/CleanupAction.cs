namespace MlOps.Sdk.Cleanup;

/// <summary>One deletion a cleanup plan proposes.</summary>
/// <param name="Kind">What kind of resource.</param>
/// <param name="Name">Its name, ARN, file path or <c>s3://</c> URI.</param>
/// <param name="Time">The instant its age was judged by (last change, creation, or a release's timestamp).</param>
/// <param name="Reason">Why it is proposed.</param>
public sealed record CleanupAction(CleanupResourceKind Kind, string Name, DateTimeOffset Time, string Reason);
