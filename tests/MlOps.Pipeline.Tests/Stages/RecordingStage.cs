using MlOps.Sdk.Stages;

namespace MlOps.Pipeline.Tests.Stages;

/// <summary>A stage that records what it was given and ends with a chosen exit code.</summary>
internal sealed class RecordingStage(string name, List<string> runs, int exitCode = StageExitCode.Success) : IStage
{
    public string Name => name;

    public string Summary => "records its run";

    public IReadOnlyList<StageOption> Options { get; } = [StageOption.Create("greeting", "a stage option")];

    public Task<int> RunAsync(StageContext context, CancellationToken cancellationToken = default)
    {
        runs.Add($"{name} project={context.Arguments.Get(CommonStageOptions.Project.Name)} path={context.ProjectPath} greeting={context.Arguments.Get("greeting")}");
        return Task.FromResult(exitCode);
    }
}
