namespace MlOps.Sdk.Stages;

/// <summary>
/// Validate: checks the project's manifest, then builds with warnings as errors and runs the unit tests
/// (<c>dotnet test</c> on the solution named in manifest.json, <c>project.solution</c>).
/// </summary>
public sealed class ValidateStage : IStage
{
    /// <summary><c>--solution</c>: the solution or project to test.</summary>
    public static readonly StageOption Solution = StageOption.Create("solution", "the solution or project to build and test (manifest.json: project.solution)");

    /// <inheritdoc/>
    public string Name => "validate";

    /// <inheritdoc/>
    public string Summary => "Checks manifest.json, builds with warnings as errors and runs the unit tests.";

    /// <inheritdoc/>
    public IReadOnlyList<StageOption> Options => [Solution];

    /// <inheritdoc/>
    public async Task<int> RunAsync(StageContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var manifest = await ProjectManifest.LoadAsync(context.ProjectPath, cancellationToken).ConfigureAwait(false);
        if (manifest.Path is null)
        {
            throw new MlOpsValidationException(ProjectManifest.FileName, $"must exist in the project folder {context.ProjectPath}: the pipeline reads its configuration from it");
        }

        context.Namer();
        var solution = context.Arguments.Get(Solution.Name) ?? manifest.GetString("project.solution")
            ?? throw new MlOpsValidationException("--solution", $"is required: pass --solution or set project.solution in {ProjectManifest.FileName}");
        var solutionPath = context.ResolvePath(solution);
        if (!File.Exists(solutionPath))
        {
            throw new MlOpsValidationException("--solution", $"must be an existing solution or project file (got '{solutionPath}')");
        }

        context.Console.WriteResult("manifest", manifest.Path);
        await context.Console.RunStepAsync(
            $"building and testing {Path.GetFileName(solutionPath)}",
            ct => DotNetCommand.RunAsync(["test", solutionPath, "--nologo", "-warnaserror", "-v", "quiet"], context.ProjectPath, context.Console, ct),
            cancellationToken).ConfigureAwait(false);
        context.Console.WriteResult("result", "build and unit tests passed");
        return StageExitCode.Success;
    }
}
