#:package MlOps.Sdk.Stages@0.1.0
#:property PublishAot=false

// The sample's main job: both projects' stages, in the order their GitLab pipelines run them, in one process
// (run-local.sh starts it from samples/, so the project folders are relative to that). Each stage runs exactly as its
// ci/<stage>.cs script would; one process instead of one per stage saves a `dotnet run` start and a JIT per stage.
// Per-stage options come from the MLOPS_* variables, as in CI: MLOPS_TEST_DATA, MLOPS_OUTPUT_PATH, MLOPS_STATE_FILE...
// In AWS mode (run-local.sh --over-wire) each build checks the image pushed before it, as after GitLab's container job.
using MlOps.Sdk.Stages;

const string Training = "breast-cancer-training";
const string Endpoint = "breast-cancer-endpoint";

List<PipelineStep> steps =
[
    new(new BuildStage(), Training, PushedImage("MLOPS_PUSHED_TRAINING_IMAGE")),
    new(new TrainStage(), Training),
    new(new RegisterStage(), Training),
    .. Review(Training),
    new(new BuildStage(), Endpoint, PushedImage("MLOPS_PUSHED_SERVING_IMAGE")),
    new(new DeployStage(), Endpoint),
    new(new EndpointTestStage(), Endpoint),
    .. Review(Endpoint),
    new(new PackageStage(), Endpoint),
    new(new ReleaseStage(), Endpoint),
];
if (args.Contains("--stop-candidate"))
{
    steps.Add(new(new StopCandidateStage(), Endpoint));
}

return await PipelineRunner.RunAsync(steps);

// The review is of merge requests, as in the projects' GitLab pipelines.
static PipelineStep[] Review(string project) =>
    GitLabCiContext.FromEnvironment().IsMergeRequest ? [new(new ReportStage(), project)] : [];

// One variable per project, not MLOPS_IMAGE_URI: both builds run in this one process, and each project's GitLab
// pipeline has its own container job's URI.
static string[] PushedImage(string variable) =>
    Environment.GetEnvironmentVariable(variable) is { Length: > 0 } uri ? ["--image-uri", uri] : [];
