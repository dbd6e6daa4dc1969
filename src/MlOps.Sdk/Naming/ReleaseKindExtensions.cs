namespace MlOps.Sdk.Naming;

/// <summary>Text forms of <see cref="ReleaseKind"/> used in tags, manifests and file names.</summary>
public static class ReleaseKindExtensions
{
    /// <summary>Returns <c>candidate</c> or <c>stable</c>.</summary>
    /// <param name="kind">The release kind.</param>
    /// <returns>The lowercase text form.</returns>
    public static string ToText(this ReleaseKind kind) => kind switch
    {
        ReleaseKind.Candidate => "candidate",
        ReleaseKind.Stable => "stable",
        _ => throw new MlOpsValidationException("ReleaseKind", "must be Candidate or Stable"),
    };
}
