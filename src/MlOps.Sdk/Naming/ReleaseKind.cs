namespace MlOps.Sdk.Naming;

/// <summary>The two kinds of release a pipeline publishes.</summary>
public enum ReleaseKind
{
    /// <summary>A merge-request pipeline: <c>candidate-PR-{PR_ID}-{COMMIT_ID}-{TIMESTAMP}.zip</c>, deployed to a short-lived candidate endpoint.</summary>
    Candidate,

    /// <summary>A default-branch pipeline: <c>stable-{TIMESTAMP}.zip</c>, deployed to the production endpoint.</summary>
    Stable,
}
