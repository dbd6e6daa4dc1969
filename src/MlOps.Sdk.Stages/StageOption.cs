namespace MlOps.Sdk.Stages;

/// <summary>
/// One option of a stage: <c>--name value</c> on the command line, else the first set environment variable of
/// <see cref="EnvironmentVariables"/> (CI variables and the hand-off of earlier stages), else the pipeline state file,
/// else the <c>manifest.json</c> key <see cref="ManifestKey"/>, else <see cref="DefaultValue"/>.
/// </summary>
/// <param name="Name">The option's name without dashes, such as <c>role-arn</c>; the same name as the product's tool.</param>
/// <param name="Description">What the option sets, for <c>--help</c>.</param>
/// <param name="EnvironmentVariables">Variables read when the option is not on the command line, first match wins.</param>
/// <param name="DefaultValue">The value when nothing else sets it; <see langword="null"/> when the stage derives one.</param>
/// <param name="IsFlag">A switch: <c>--dry-run</c> alone means <c>true</c>.</param>
public sealed record StageOption(string Name, string Description, IReadOnlyList<string> EnvironmentVariables, string? DefaultValue = null, bool IsFlag = false)
{
    /// <summary>
    /// The <c>manifest.json</c> key the option overrides, by dotted path (such as <c>training.instanceType</c> for
    /// <c>--instance-type</c>), or <see langword="null"/> when the manifest has none: the option and the key are one
    /// setting, read from the stage's layers in order.
    /// </summary>
    public string? ManifestKey { get; init; }

    /// <summary>
    /// An option whose fallback is <c>MLOPS_&lt;NAME&gt;</c> (such as <c>MLOPS_ROLE_ARN</c> for <c>role-arn</c>) and then
    /// <paramref name="moreVariables"/>.
    /// </summary>
    /// <param name="name">The option's name without dashes.</param>
    /// <param name="description">What it sets.</param>
    /// <param name="defaultValue">The value when nothing sets it.</param>
    /// <param name="moreVariables">Further variables to read, after <c>MLOPS_&lt;NAME&gt;</c>.</param>
    /// <returns>The option.</returns>
    public static StageOption Create(string name, string description, string? defaultValue = null, params string[] moreVariables) =>
        new(name, description, [VariableFor(name), .. moreVariables], defaultValue);

    /// <summary>A switch whose fallback is <c>MLOPS_&lt;NAME&gt;</c> (<c>true</c>/<c>false</c>).</summary>
    /// <param name="name">The option's name without dashes.</param>
    /// <param name="description">What it turns on.</param>
    /// <param name="defaultValue">The value when nothing sets it.</param>
    /// <returns>The option.</returns>
    public static StageOption Flag(string name, string description, bool defaultValue = false) =>
        new(name, description, [VariableFor(name)], defaultValue ? "true" : "false", IsFlag: true);

    /// <summary>The hand-off variable of an option name: <c>role-arn</c> → <c>MLOPS_ROLE_ARN</c>.</summary>
    /// <param name="name">The option's name without dashes.</param>
    /// <returns>The variable name.</returns>
    public static string VariableFor(string name) => "MLOPS_" + name.Replace('-', '_').ToUpperInvariant();
}
