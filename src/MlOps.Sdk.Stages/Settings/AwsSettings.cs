namespace MlOps.Sdk.Stages.Settings;

/// <summary>The project's AWS settings: <c>manifest.json</c> <c>aws</c>, the region and the CI variables that hold its roles.</summary>
internal sealed record AwsSettings
{
    /// <summary>The project's region (<c>aws.region</c>; <c>AWS_REGION</c> wins where a stage reads it).</summary>
    public string? Region { get; init; }

    /// <summary>The CI variable holding the SageMaker execution role (<c>aws.sageMakerRoleArnVariable</c>).</summary>
    public string? SageMakerRoleArnVariable { get; init; }

    /// <summary>The CI variable holding the merge-request tier's OIDC role (<c>aws.candidateRoleArnVariable</c>).</summary>
    public string? CandidateRoleArnVariable { get; init; }

    /// <summary>The CI variable holding the default branch's OIDC role (<c>aws.productionRoleArnVariable</c>).</summary>
    public string? ProductionRoleArnVariable { get; init; }

    /// <summary>The role variable of a tier: candidate for merge requests, production for the default branch.</summary>
    /// <param name="kind">The release kind.</param>
    /// <returns>The variable's name and the key that names it, or a <see langword="null"/> name when the manifest names none.</returns>
    public (string? Variable, string Key) RoleArnVariableFor(MlOps.Sdk.Naming.ReleaseKind kind) =>
        kind == MlOps.Sdk.Naming.ReleaseKind.Candidate
            ? (CandidateRoleArnVariable, "aws.candidateRoleArnVariable")
            : (ProductionRoleArnVariable, "aws.productionRoleArnVariable");

    /// <summary>Reads and checks the settings.</summary>
    /// <param name="values">The stage's layers.</param>
    /// <returns>The settings.</returns>
    /// <exception cref="MlOpsValidationException">The region is not a region's name.</exception>
    public static AwsSettings Read(StageSettingValues values)
    {
        var region = values.Text("aws.region");
        if (region is not null && !AwsRegionName.IsValid(region))
        {
            throw values.Invalid("aws.region", AwsRegionName.Rule);
        }

        return new AwsSettings
        {
            Region = region,
            SageMakerRoleArnVariable = values.Text("aws.sageMakerRoleArnVariable"),
            CandidateRoleArnVariable = values.Text("aws.candidateRoleArnVariable"),
            ProductionRoleArnVariable = values.Text("aws.productionRoleArnVariable"),
        };
    }
}
