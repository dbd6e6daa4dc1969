using MlOps.Sdk;
using MlOps.Sdk.Registry;
using MlOps.Sdk.SageMaker;
using MlOps.Sdk.Stages;
using MlOps.Sdk.Stages.Settings;

namespace MlOps.Pipeline.Tests.Stages;

/// <summary>
/// The stages' settings are one layered configuration (defaults, manifest.json, state file, environment, command line)
/// read into typed settings; a bad value is refused naming the field as the user set it and where it came from.
/// </summary>
public sealed class StageSettingsTests
{
    private static readonly IReadOnlyList<StageOption> TrainOptions = new TrainStage().Options;

    [Fact]
    public void Training_OnlyManifest_ReadsTheManifest()
    {
        var training = Training("""{ "training": { "instanceType": "ml.c5.xlarge" } }""");

        Assert.Equal("ml.c5.xlarge", training.InstanceType);
    }

    [Fact]
    public void Training_ManifestAndVariable_VariableWins()
    {
        var training = Training("""{ "training": { "instanceType": "ml.c5.xlarge" } }""", variables: new() { ["MLOPS_INSTANCE_TYPE"] = "ml.m5.2xlarge" });

        Assert.Equal("ml.m5.2xlarge", training.InstanceType);
    }

    [Fact]
    public void Training_VariableAndCommandLine_CommandLineWins()
    {
        var training = Training("{}", ["--instance-type", "ml.g5.xlarge"], new() { ["MLOPS_INSTANCE_TYPE"] = "ml.m5.2xlarge" });

        Assert.Equal("ml.g5.xlarge", training.InstanceType);
    }

    [Fact]
    public void Training_StateFileAndVariable_VariableWins()
    {
        var arguments = Parse("{}", [], new() { ["MLOPS_INSTANCE_TYPE"] = "ml.m5.2xlarge" }, new() { ["MLOPS_INSTANCE_TYPE"] = "ml.m5.large" });

        Assert.Equal("ml.m5.2xlarge", TrainingSettings.Read(arguments.Values).InstanceType);
    }

    [Fact]
    public void Training_NothingSet_TakesTheDefaults()
    {
        var training = Training("{}");

        Assert.Equal(("ml.m5.large", 1, 30, TimeSpan.FromHours(1)), (training.InstanceType, training.InstanceCount, training.VolumeSizeInGb, training.MaxRuntime));
        Assert.Equal("data/train", training.Channels["train"]);
    }

    [Fact]
    public void Training_BadCountInManifest_RefusedNamingTheKeyAndTheManifest()
    {
        var error = Assert.Throws<MlOpsValidationException>(() => Training("""{ "training": { "instanceCount": 0 } }"""));

        Assert.Equal("training.instanceCount", error.FieldName);
        Assert.Equal("must be a whole number of at least 1 (got '0' from manifest.json)", error.Rule);
    }

    [Fact]
    public void Training_BadRuntimeOnCommandLine_RefusedNamingTheOption()
    {
        var error = Assert.Throws<MlOpsValidationException>(() => Training("""{ "training": { "maxRuntimeInSeconds": 600 } }""", ["--max-runtime", "3 days"]));

        Assert.Equal("--max-runtime", error.FieldName);
        Assert.EndsWith("(got '3 days' from --max-runtime)", error.Rule, StringComparison.Ordinal);
    }

    [Fact]
    public void Training_BadRuntimeInVariable_NamesTheVariable()
    {
        var error = Assert.Throws<MlOpsValidationException>(() => Training("{}", variables: new() { ["MLOPS_MAX_RUNTIME"] = "0" }));

        Assert.EndsWith("from $MLOPS_MAX_RUNTIME)", error.Rule, StringComparison.Ordinal);
    }

    [Fact]
    public void Training_VolumeSizeNotANumber_Refused()
    {
        var error = Assert.Throws<MlOpsValidationException>(() => Training("""{ "training": { "volumeSizeInGb": "big" } }"""));

        Assert.Equal("training.volumeSizeInGb", error.FieldName);
    }

    [Fact]
    public void Training_DistributionOfAnUnknownChannel_Refused()
    {
        var error = Assert.Throws<MlOpsValidationException>(() => Training("""{ "training": { "channels": { "train": "data/train" }, "dataDistribution": { "test": "ShardedByS3Key" } } }"""));

        Assert.Equal("training.dataDistribution.test", error.FieldName);
    }

    [Fact]
    public void Training_Distribution_IsTyped()
    {
        var training = Training("""{ "training": { "channels": { "train": "data/train" }, "dataDistribution": { "train": "ShardedByS3Key" } } }""");

        Assert.Equal(S3DataDistribution.ShardedByS3Key, training.DataDistribution["train"]);
    }

    [Fact]
    public void Training_NumericHyperparameter_KeepsItsTextAsWritten()
    {
        var training = Training("""{ "training": { "hyperparameters": { "learning_rate": 1e-5, "epochs": 10 } } }""");

        Assert.Equal(("1e-5", "10"), (training.HyperParameters["learning_rate"], training.HyperParameters["epochs"]));
    }

    [Fact]
    public void Training_MetricDefinitions_AreReadInPairs()
    {
        var training = Training("""{ "training": { "metricDefinitions": [ { "name": "validation:auc", "regex": "auc=([0-9.]+)" } ] } }""");

        Assert.Equal("auc=([0-9.]+)", training.MetricDefinitions["validation:auc"]);
    }

    [Fact]
    public void Training_MetricDefinitionWithoutRegex_RefusedNamingTheItem()
    {
        var error = Assert.Throws<MlOpsValidationException>(() => Training("""{ "training": { "metricDefinitions": [ { "name": "validation:auc" } ] } }"""));

        Assert.Equal("training.metricDefinitions[0]", error.FieldName);
    }

    [Fact]
    public void Parse_OptionsSectionInManifest_DoesNotSetAnOption()
    {
        var arguments = Parse("""{ "options": { "job-name": "from-the-manifest" } }""");

        Assert.Null(arguments.Get(TrainStage.JobName.Name));
    }

    [Fact]
    public void SourceOf_ManifestKeyOfAnOption_IsTheManifest()
    {
        var arguments = Parse("""{ "training": { "instanceType": "ml.c5.xlarge" } }""");

        Assert.Equal("manifest.json", arguments.SourceOf(TrainStage.InstanceType.Name));
    }

    [Fact]
    public void Configuration_ManifestKey_IsKeyedAsDotNetKeysIt()
    {
        var arguments = Parse("""{ "training": { "instanceType": "ml.c5.xlarge" } }""", ["--job-name", "job-1"]);

        Assert.Equal(("ml.c5.xlarge", "job-1"), (arguments.Configuration["training:instanceType"], arguments.Configuration["options:job-name"]));
    }

    [Theory]
    [InlineData("GreaterThanThreshold")]
    [InlineData("greaterthanorequaltothreshold")]
    public void Registry_GateComparisonTheGateDoesNotMake_Refused(string comparison)
    {
        var error = Assert.Throws<MlOpsValidationException>(() => RegistrySettings.Read(Parse("""{ "registry": { "gate": { "metric": "auc", "threshold": 0.9, "comparison": """ + $"\"{comparison}\"" + " } } }").Values));

        Assert.Equal("registry.gate.comparison", error.FieldName);
    }

    [Fact]
    public void Registry_LowerIsBetterComparison_GivesALowerIsBetterGate()
    {
        var registry = RegistrySettings.Read(Parse("""{ "registry": { "gate": { "metric": "log_loss", "threshold": 0.3, "comparison": "LessThanOrEqualToThreshold" } } }""").Values);

        Assert.Equal(MetricDirection.LowerIsBetter, registry.Gate!.Direction);
    }

    [Fact]
    public void Registry_CandidatesApproved_Refused()
    {
        var error = Assert.Throws<MlOpsValidationException>(() => RegistrySettings.Read(Parse("""{ "registry": { "candidateApprovalStatus": "Approved" } }""").Values));

        Assert.Equal("registry.candidateApprovalStatus", error.FieldName);
    }

    [Fact]
    public void Registry_NoInferenceTypes_DefaultsToJson()
    {
        var registry = RegistrySettings.Read(Parse("{}").Values);

        Assert.Equal(["application/json"], registry.ContentTypes);
    }

    [Fact]
    public void Endpoint_OlderInstanceCountKey_IsRead()
    {
        var endpoint = EndpointSettings.Read(Parse("""{ "endpoint": { "instanceCount": 3 } }""").Values);

        Assert.Equal(3, endpoint.InstanceCount);
    }

    [Fact]
    public void Endpoint_CurrentAndOlderInstanceCountKeys_CurrentWins()
    {
        var endpoint = EndpointSettings.Read(Parse("""{ "endpoint": { "initialInstanceCount": 2, "instanceCount": 3 } }""").Values);

        Assert.Equal(2, endpoint.InstanceCount);
    }

    [Fact]
    public void Endpoint_OlderInstanceCountKeyOutOfRange_RefusedNamingThatKey()
    {
        var error = Assert.Throws<MlOpsValidationException>(() => EndpointSettings.Read(Parse("""{ "endpoint": { "instanceCount": 101 } }""").Values));

        Assert.Equal("endpoint.instanceCount", error.FieldName);
    }

    [Fact]
    public void Endpoint_AutoScalingWithoutMaxCapacity_RefusedNamingIt()
    {
        var error = Assert.Throws<MlOpsValidationException>(() => EndpointSettings.Read(Parse("""{ "endpoint": { "autoScaling": { "minCapacity": 1, "targetInvocationsPerInstance": 100 } } }""").Values));

        Assert.Equal("endpoint.autoScaling.maxCapacity", error.FieldName);
    }

    [Fact]
    public void Test_AccuracyAboveOne_Refused()
    {
        var error = Assert.Throws<MlOpsValidationException>(() => EndpointTestSettings.Read(Parse("""{ "test": { "gate": { "threshold": 90 } } }""").Values));

        Assert.Equal("test.gate.threshold", error.FieldName);
    }

    [Fact]
    public void Test_OlderTestDataKey_IsRead()
    {
        var test = EndpointTestSettings.Read(Parse("""{ "endpoint": { "testData": "tests/plan.json" } }""").Values);

        Assert.Equal("tests/plan.json", test.Data);
    }

    [Fact]
    public void Image_UnknownCommand_Refused()
    {
        var error = Assert.Throws<MlOpsValidationException>(() => ImageSettings.Read(Parse("""{ "image": { "command": "predict" } }""").Values));

        Assert.Equal("image.command", error.FieldName);
    }

    [Fact]
    public void Project_UnknownKind_Refused()
    {
        var error = Assert.Throws<MlOpsValidationException>(() => ProjectSettings.Read(Parse("""{ "project": { "kind": "batch" } }""").Values));

        Assert.Equal("project.kind", error.FieldName);
    }

    [Fact]
    public void Project_ModelPackageGroupOfAnEndpointProject_IsRead()
    {
        var project = ProjectSettings.Read(Parse("""{ "model": { "modelPackageGroup": "churn-models" } }""").Values);

        Assert.Equal("churn-models", project.ModelPackageGroup);
    }

    [Fact]
    public void Aws_RegionNotARegion_Refused()
    {
        var error = Assert.Throws<MlOpsValidationException>(() => AwsSettings.Read(Parse("""{ "aws": { "region": "Europe" } }""").Values));

        Assert.Equal("aws.region", error.FieldName);
    }

    private static TrainingSettings Training(string manifest, string[]? args = null, Dictionary<string, string>? variables = null) =>
        TrainingSettings.Read(Parse(manifest, args ?? [], variables).Values);

    private static StageArguments Parse(string manifest, string[]? args = null, Dictionary<string, string>? variables = null, Dictionary<string, string>? state = null) =>
        StageArguments.Parse(args ?? [], TrainOptions, name => variables?.GetValueOrDefault(name), state ?? [], ProjectManifest.Parse(manifest));
}
