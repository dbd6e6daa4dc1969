namespace MlOps.Sdk.Stages;

/// <summary>
/// One pipeline stage, run by <see cref="StageRunner"/> from a stage script such as <c>ci/train.cs</c>.
/// A stage validates all of its input before its first call or side effect.
/// </summary>
public interface IStage
{
    /// <summary>The stage's name as printed and as the script is called, such as <c>train</c>.</summary>
    string Name { get; }

    /// <summary>One line on what the stage does, for <c>--help</c>.</summary>
    string Summary { get; }

    /// <summary>The stage's own options; <see cref="StageRunner"/> adds the common ones (<see cref="CommonStageOptions"/>).</summary>
    IReadOnlyList<StageOption> Options { get; }

    /// <summary>Runs the stage.</summary>
    /// <param name="context">Arguments, CI context, console, hand-off and services.</param>
    /// <param name="cancellationToken">Cancels the stage.</param>
    /// <returns>The process exit code: <see cref="StageExitCode"/>.</returns>
    Task<int> RunAsync(StageContext context, CancellationToken cancellationToken = default);
}
