using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MlOps.Pipeline.Tests.Sample;
using MlOps.Sdk;
using MlOps.Sdk.Stages;
using MlOps.Sdk.Stages.Settings;

namespace MlOps.Pipeline.Tests.Stages;

public sealed class ProjectManifestKeysTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mlops-manifest-keys-").FullName;
    private readonly StringWriter _output = new();

    public void Dispose()
    {
        _output.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Theory]
    [InlineData("mlops-training")]
    [InlineData("mlops-endpoint")]
    public void UnknownKeys_TemplateManifest_IsEmpty(string template)
    {
        var manifest = ProjectManifest.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "templates", "MlOps.Templates", "content", template, ProjectManifest.FileName)));

        Assert.Empty(manifest.UnknownKeys(ProjectManifestKeys.All));
    }

    [Fact]
    public void ProjectManifestKeys_EveryKey_IsReadByTheSettings()
    {
        var values = StageArguments.Parse([], [], _ => null, new Dictionary<string, string>(), ProjectManifest.Parse("{}")).Values;

        ManifestSettings.Read(values);

        var read = values.ReadPaths.Where(path => !path.StartsWith(StageSettingValues.OptionSection + ".", StringComparison.Ordinal)).Order(StringComparer.Ordinal);
        Assert.Equal(ProjectManifestKeys.All.Where(key => key != "schemaVersion").Order(StringComparer.Ordinal), read);
    }

    [Fact]
    public void UnknownKeys_MisspeltKey_IsNamedByItsPath()
    {
        var manifest = ProjectManifest.Parse("""{ "training": { "instanceTyp": "ml.m5.large", "instanceCount": 1 } }""");

        Assert.Equal(["training.instanceTyp"], manifest.UnknownKeys(ProjectManifestKeys.All));
    }

    [Fact]
    public void UnknownKeys_UsersOwnNamesUnderAMapKey_AreNotReported()
    {
        var manifest = ProjectManifest.Parse("""{ "training": { "hyperparameters": { "my_own_knob": "3" }, "channels": { "extra": "data/extra" } } }""");

        Assert.Empty(manifest.UnknownKeys(ProjectManifestKeys.All));
    }

    [Fact]
    public void Parse_OtherSchemaVersion_IsRefusedNamingTheKey()
    {
        var error = Assert.Throws<MlOpsValidationException>(() => ProjectManifest.Parse("""{ "schemaVersion": 2 }"""));

        Assert.Equal("schemaVersion", error.FieldName);
    }

    [Fact]
    public async Task ValidateStage_MisspeltKey_RefusedBeforeBuilding()
    {
        WriteManifest("""{ "schemaVersion": 1, "project": { "solution": "App.slnx" }, "training": { "instanceTyp": "ml.m5.large" } }""");

        var exitCode = await RunValidateAsync(LocalVariables());

        Assert.Equal(StageExitCode.InvalidInput, exitCode);
        Assert.Contains("training.instanceTyp", _output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidateStage_CandidatesApprovedInManifest_Refused()
    {
        WriteManifest("""{ "schemaVersion": 1, "project": { "solution": "App.slnx" }, "registry": { "candidateApprovalStatus": "Approved" } }""");

        var exitCode = await RunValidateAsync(LocalVariables());

        Assert.Equal(StageExitCode.InvalidInput, exitCode);
        Assert.Contains("registry.candidateApprovalStatus", _output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidateStage_TestGateOnAnotherMetric_Refused()
    {
        WriteManifest("""{ "schemaVersion": 1, "project": { "solution": "App.slnx" }, "test": { "gate": { "metric": "f1", "threshold": 0.9 } } }""");

        var exitCode = await RunValidateAsync(LocalVariables());

        Assert.Equal(StageExitCode.InvalidInput, exitCode);
        Assert.Contains("test.gate.metric", _output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidateStage_BadValueOfALaterStage_RefusedNamingTheKey()
    {
        WriteManifest("""{ "schemaVersion": 1, "project": { "solution": "App.slnx" }, "endpoint": { "initialInstanceCount": 0 } }""");

        var exitCode = await RunValidateAsync(LocalVariables());

        Assert.Equal(StageExitCode.InvalidInput, exitCode);
        Assert.Contains("endpoint.initialInstanceCount: must be a whole number from 1 to 100 (got '0' from manifest.json)", _output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidateStage_AwsMergeRequestWithoutItsRoleVariable_RefusedNamingTheVariable()
    {
        WriteManifest("""{ "schemaVersion": 1, "project": { "solution": "App.slnx" }, "aws": { "region": "eu-west-1", "candidateRoleArnVariable": "MLOPS_CANDIDATE_ROLE_ARN" } }""");
        var variables = LocalVariables();
        variables["MLOPS_MODE"] = "aws";
        variables["CI_PIPELINE_SOURCE"] = "merge_request_event";
        variables["CI_MERGE_REQUEST_IID"] = "7";

        var exitCode = await RunValidateAsync(variables);

        Assert.Equal(StageExitCode.InvalidInput, exitCode);
        Assert.Matches(new Regex("aws\\.candidateRoleArnVariable.*MLOPS_CANDIDATE_ROLE_ARN"), _output.ToString());
    }

    [Fact]
    public async Task RunAsync_AwsModeWithoutAwsRegion_UsesTheManifestsRegion()
    {
        WriteManifest("""{ "schemaVersion": 1, "aws": { "region": "eu-west-1" } }""");
        var variables = LocalVariables();
        variables["MLOPS_MODE"] = "aws";
        var stage = new RegionReadingStage();

        var exitCode = await StageRunner.RunAsync(stage, ["--project-path", _folder, "--project", "churn"], name => variables.GetValueOrDefault(name), new StageConsole(_output, interactive: false, TimeProvider.System));

        Assert.Equal(StageExitCode.Success, exitCode);
        Assert.Equal("eu-west-1", stage.Region);
    }

    [Fact]
    public async Task RunAsync_AwsRegionSet_WinsOverTheManifest()
    {
        WriteManifest("""{ "schemaVersion": 1, "aws": { "region": "eu-west-1" } }""");
        var variables = LocalVariables();
        variables["MLOPS_MODE"] = "aws";
        variables["AWS_REGION"] = "ap-southeast-2";
        var stage = new RegionReadingStage();

        var exitCode = await StageRunner.RunAsync(stage, ["--project-path", _folder, "--project", "churn"], name => variables.GetValueOrDefault(name), new StageConsole(_output, interactive: false, TimeProvider.System));

        Assert.Equal(StageExitCode.Success, exitCode);
        Assert.Equal("ap-southeast-2", stage.Region);
    }

    private void WriteManifest(string json) => File.WriteAllText(Path.Combine(_folder, ProjectManifest.FileName), json);

    private Dictionary<string, string?> LocalVariables() => new()
    {
        ["MLOPS_HOME"] = Path.Combine(_folder, "home"),
        ["MLOPS_DOTENV"] = Path.Combine(_folder, "mlops.env"),
        ["MLOPS_STATE_FILE"] = Path.Combine(_folder, "state.json"),
    };

    private Task<int> RunValidateAsync(Dictionary<string, string?> variables) =>
        StageRunner.RunAsync(new ValidateStage(), ["--project-path", _folder, "--project", "churn"], name => variables.GetValueOrDefault(name), new StageConsole(_output, interactive: false, TimeProvider.System));

    private sealed class RegionReadingStage : IStage
    {
        public string? Region { get; private set; }

        public string Name => "region";

        public string Summary => "reads the configured region";

        public IReadOnlyList<StageOption> Options { get; } = [];

        public Task<int> RunAsync(StageContext context, CancellationToken cancellationToken = default)
        {
            Region = context.Services.GetRequiredService<IOptions<MlOpsOptions>>().Value.Region;
            return Task.FromResult(StageExitCode.Success);
        }
    }
}
