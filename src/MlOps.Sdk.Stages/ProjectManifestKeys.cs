namespace MlOps.Sdk.Stages;

/// <summary>
/// Every <c>manifest.json</c> key that a stage reads, by dotted path. The validate stage refuses any other key, so a
/// misspelt key fails the pipeline's first job instead of being ignored by every later one.
/// </summary>
/// <remarks>
/// Keys whose value is an object of the user's own names (hyperparameters, channels) or an array are listed whole:
/// what they hold is checked by the stage that reads them. <c>endpoint.testData</c>, <c>endpoint.modelPackageGroup</c>
/// and <c>endpoint.instanceCount</c> are the older names that the stages still read after the current ones.
/// </remarks>
public static class ProjectManifestKeys
{
    /// <summary>The manifest format this version of the stages reads (<c>schemaVersion</c>).</summary>
    public const int SchemaVersion = 1;

    /// <summary>The keys, by dotted path.</summary>
    public static IReadOnlySet<string> All { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "schemaVersion",
        "project.kind",
        "project.solution",
        "aws.region",
        "aws.sageMakerRoleArnVariable",
        "aws.candidateRoleArnVariable",
        "aws.productionRoleArnVariable",
        "image.repository",
        "image.project",
        "image.assembly",
        "image.command",
        "training.instanceType",
        "training.instanceCount",
        "training.volumeSizeInGb",
        "training.maxRuntimeInSeconds",
        TrainStage.MergeRequestWarmPoolKey,
        "training.channels",
        "training.dataDistribution",
        "training.contentType",
        "training.hyperparameters",
        "training.metricDefinitions",
        "registry.modelPackageGroup",
        "registry.gate.metric",
        "registry.gate.threshold",
        "registry.gate.comparison",
        "registry.candidateApprovalStatus",
        "registry.inference.contentTypes",
        "registry.inference.responseTypes",
        "registry.inference.realtimeInstanceTypes",
        "model.modelPackageGroup",
        "endpoint.name",
        "endpoint.instanceType",
        "endpoint.initialInstanceCount",
        "endpoint.instanceCount",
        "endpoint.modelPackageGroup",
        "endpoint.testData",
        "endpoint.autoScaling.minCapacity",
        "endpoint.autoScaling.maxCapacity",
        "endpoint.autoScaling.targetInvocationsPerInstance",
        "endpoint.autoScaling.scaleInCooldownSeconds",
        "endpoint.autoScaling.scaleOutCooldownSeconds",
        "test.data",
        "test.labelColumn",
        "test.contentType",
        "test.accept",
        "test.gate.metric",
        "test.gate.threshold",
        "test.gate.comparison",
        "report.productionEndpoint",
        "release.retentionDays",
    };
}
