using MlOps.Sdk.Naming;
using MlOps.Sdk.Stages.Settings;

namespace MlOps.Sdk.Stages;

/// <summary>
/// Validate: checks the project's manifest (every key one that a stage reads; in AWS mode, the tier's sign-in role
/// variable set), then builds with warnings as errors and runs the unit tests
/// (<c>dotnet test</c> on the solution named in manifest.json, <c>project.solution</c>).
/// </summary>
public sealed class ValidateStage : IStage
{
    /// <summary><c>--solution</c>: the solution or project to test.</summary>
    public static readonly StageOption Solution = StageOption.Create("solution", "the solution or project to build and test (manifest.json: project.solution)") with { ManifestKey = "project.solution" };

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
        var manifest = context.Manifest;
        if (manifest.Path is null)
        {
            throw new MlOpsValidationException(ProjectManifest.FileName, $"must exist in the project folder {context.ProjectPath}: the pipeline reads its configuration from it");
        }

        if (manifest.UnknownKeys(ProjectManifestKeys.All) is [var unknown, ..])
        {
            throw new MlOpsValidationException(unknown, $"is not a {ProjectManifest.FileName} key that any stage reads (misspelt, or from another version?); the keys are listed in docs/pipeline.md");
        }

        // Every setting is read and checked here, so a bad value fails the pipeline's first job, not the job that uses it.
        var settings = context.Settings;
        CheckSignInVariable(context, settings.Aws);
        context.Namer();
        var solution = settings.Project.Solution
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

    // A pipeline that reaches AWS signs in with the tier's OIDC role, whose CI/CD variable the manifest names. Without
    // it every later job fails at its first AWS call, after minutes of building; here it fails first, naming the variable.
    private static void CheckSignInVariable(StageContext context, AwsSettings aws)
    {
        if (context.Mode != MlOpsMode.Aws || context.Ci.Kind is not { } kind)
        {
            return;
        }

        var (variable, key) = aws.RoleArnVariableFor(kind);
        if (variable is null)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(context.GetVariable(variable)))
        {
            var pipeline = kind == ReleaseKind.Candidate ? "merge-request" : "default-branch";
            throw new MlOpsValidationException(key, $"names the CI/CD variable {variable}, the IAM role that {pipeline} pipelines sign in to AWS with, and it is not set: set it on the project (tofu/ops.sh ci-variables sets it from tofu's ci_variables output)");
        }
    }
}
