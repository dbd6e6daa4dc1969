using Microsoft.Extensions.Configuration;
using MlOps.Sdk.Stages.Settings;

namespace MlOps.Sdk.Stages;

/// <summary>
/// The settings of one stage invocation: its options and the <c>manifest.json</c> keys they override, as one layered
/// configuration, lowest precedence first: defaults, <c>manifest.json</c>, the pipeline state file, environment
/// (CI variables and the hand-off), command line. Parsing fails on unknown options and missing values, before any side
/// effect; the stage's typed settings (<c>TrainingSettings</c>, …) are read from the same layers.
/// </summary>
public sealed class StageArguments
{
    private readonly IReadOnlyList<StageOption> _options;

    private StageArguments(IReadOnlyList<StageOption> options, StageSettingValues values, bool helpRequested)
    {
        _options = options;
        Values = values;
        HelpRequested = helpRequested;
    }

    /// <summary><c>--help</c> or <c>-h</c> was given.</summary>
    public bool HelpRequested { get; }

    /// <summary>The options these arguments were parsed against.</summary>
    public IReadOnlyList<StageOption> Options => _options;

    /// <summary>The configuration all layers make, keyed as .NET keys it: <c>training:instanceType</c>, <c>options:job-name</c>.</summary>
    public IConfiguration Configuration => Values.Configuration;

    /// <summary>The typed reader of the layers, which the stage's settings classes read through.</summary>
    internal StageSettingValues Values { get; }

    /// <summary>Parses <c>--name value</c>, <c>--name=value</c> and bare switches, without a manifest layer.</summary>
    /// <param name="args">The command-line arguments.</param>
    /// <param name="options">The stage's options.</param>
    /// <param name="getVariable">Reads an environment variable.</param>
    /// <param name="state">Values handed off by earlier stages through the state file, by variable name.</param>
    /// <returns>The parsed arguments.</returns>
    /// <exception cref="MlOpsValidationException">An argument is unknown, repeated or lacks its value.</exception>
    public static StageArguments Parse(IReadOnlyList<string> args, IReadOnlyList<StageOption> options, Func<string, string?> getVariable, IReadOnlyDictionary<string, string> state) =>
        Parse(args, options, getVariable, state, ProjectManifest.Parse("{}"));

    /// <summary>Parses <c>--name value</c>, <c>--name=value</c> and bare switches, over the project's manifest.</summary>
    /// <param name="args">The command-line arguments.</param>
    /// <param name="options">The stage's options.</param>
    /// <param name="getVariable">Reads an environment variable.</param>
    /// <param name="state">Values handed off by earlier stages through the state file, by variable name.</param>
    /// <param name="manifest">The project's manifest, the layer below the state file.</param>
    /// <returns>The parsed arguments.</returns>
    /// <exception cref="MlOpsValidationException">An argument is unknown, repeated or lacks its value.</exception>
    public static StageArguments Parse(IReadOnlyList<string> args, IReadOnlyList<StageOption> options, Func<string, string?> getVariable, IReadOnlyDictionary<string, string> state, ProjectManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(getVariable);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(manifest);
        var byName = options.ToDictionary(o => o.Name, StringComparer.Ordinal);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var help = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "--help" or "-h" or "-?")
            {
                help = true;
                continue;
            }

            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                throw new MlOpsValidationException(arg, $"is not an option: options look like --name value ({KnownOptions(options)})");
            }

            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals > 0 ? arg[2..equals] : arg[2..];
            if (!byName.TryGetValue(name, out var option))
            {
                throw new MlOpsValidationException("--" + name, $"is not an option of this stage ({KnownOptions(options)})");
            }

            string value;
            if (equals > 0)
            {
                value = arg[(equals + 1)..];
            }
            else if (option.IsFlag && (i + 1 >= args.Count || !IsBoolean(args[i + 1])))
            {
                value = "true";
            }
            else if (i + 1 < args.Count && (!args[i + 1].StartsWith("--", StringComparison.Ordinal)))
            {
                value = args[++i];
            }
            else
            {
                throw new MlOpsValidationException("--" + name, "needs a value: --" + name + " <value>");
            }

            if (!values.TryAdd(name, value))
            {
                throw new MlOpsValidationException("--" + name, "is given more than once");
            }
        }

        return new StageArguments(options, Layered(options, values, getVariable, state, manifest), help);
    }

    /// <summary>The option's value, or <see langword="null"/> when nothing sets it and it has no default.</summary>
    /// <param name="name">The option's name.</param>
    /// <returns>The value, trimmed; empty values count as unset.</returns>
    public string? Get(string name) => Values.Text(StageSettingValues.PathOf(Find(name)));

    /// <summary>Where the option's value came from, for the stage's log: <c>--name</c>, a variable, the state file, <c>manifest.json</c> or the default.</summary>
    /// <param name="name">The option's name.</param>
    /// <returns>A short description of the source.</returns>
    public string SourceOf(string name)
    {
        var origin = Values.OriginOf(StageSettingValues.PathOf(Find(name)));
        return origin == "unset" ? "default" : origin;
    }

    /// <summary>The option's value, or a validation error naming it when nothing sets it.</summary>
    /// <param name="name">The option's name.</param>
    /// <param name="hint">How to set it, appended to the error.</param>
    /// <returns>The value.</returns>
    /// <exception cref="MlOpsValidationException">The option is not set.</exception>
    public string Require(string name, string? hint = null)
    {
        var value = Get(name);
        if (!string.IsNullOrEmpty(value))
        {
            return value;
        }

        var option = Find(name);
        var sources = string.Join(" or ", option.EnvironmentVariables.Select(v => "$" + v));
        throw new MlOpsValidationException("--" + name, $"is required: pass --{name} <value> or set {sources}{(hint is null ? string.Empty : "; " + hint)}");
    }

    /// <summary>A switch's value.</summary>
    /// <param name="name">The option's name.</param>
    /// <returns><see langword="true"/> or <see langword="false"/>.</returns>
    /// <exception cref="MlOpsValidationException">The value is not <c>true</c>/<c>false</c> (or <c>1</c>/<c>0</c>, <c>yes</c>/<c>no</c>).</exception>
    public bool GetBoolean(string name) => Values.Flag(StageSettingValues.PathOf(Find(name))) ?? false;

    /// <summary>A whole-number option within a range.</summary>
    /// <param name="name">The option's name.</param>
    /// <param name="minimum">The smallest allowed value.</param>
    /// <param name="maximum">The largest allowed value.</param>
    /// <returns>The value, or <see langword="null"/> when unset.</returns>
    /// <exception cref="MlOpsValidationException">The value is not a whole number in range.</exception>
    public int? GetInt32(string name, int minimum, int maximum) => Values.Whole(StageSettingValues.PathOf(Find(name)), minimum, maximum);

    /// <summary>A decimal option.</summary>
    /// <param name="name">The option's name.</param>
    /// <returns>The value, or <see langword="null"/> when unset.</returns>
    /// <exception cref="MlOpsValidationException">The value is not a finite number.</exception>
    public double? GetDouble(string name) => Values.Number(StageSettingValues.PathOf(Find(name)));

    // Each layer holds an option's value under the path it sets, so an option and the manifest key it overrides are
    // one setting: the typed settings classes read the path and see the option's value when one is given.
    private static StageSettingValues Layered(IReadOnlyList<StageOption> options, Dictionary<string, string> commandLine, Func<string, string?> getVariable, IReadOnlyDictionary<string, string> state, ProjectManifest manifest)
    {
        var defaults = new StageSettingLayerProvider(StageSettingLayer.Default);
        var fromManifest = new StageSettingLayerProvider(StageSettingLayer.Manifest);
        var fromState = new StageSettingLayerProvider(StageSettingLayer.StateFile);
        var fromEnvironment = new StageSettingLayerProvider(StageSettingLayer.Environment);
        var fromCommandLine = new StageSettingLayerProvider(StageSettingLayer.CommandLine);
        foreach (var (key, value) in manifest.ConfigurationValues())
        {
            // The options' own section is not the manifest's to set: validate refuses the key, and until then it is ignored.
            if (!key.StartsWith(StageSettingValues.OptionSection + ":", StringComparison.OrdinalIgnoreCase))
            {
                fromManifest.Set(key, value, ProjectManifest.FileName);
            }
        }

        var optionsByPath = new Dictionary<string, StageOption>(StringComparer.Ordinal);
        foreach (var option in options)
        {
            var path = StageSettingValues.PathOf(option);
            var key = StageSettingValues.KeyOf(path);
            optionsByPath[path] = option;
            defaults.Set(key, option.DefaultValue, "default");
            if (option.EnvironmentVariables.FirstOrDefault(v => !string.IsNullOrWhiteSpace(state.GetValueOrDefault(v))) is { } handedOff)
            {
                fromState.Set(key, state[handedOff], "state file");
            }

            if (option.EnvironmentVariables.FirstOrDefault(v => !string.IsNullOrWhiteSpace(getVariable(v))) is { } variable)
            {
                fromEnvironment.Set(key, getVariable(variable), "$" + variable);
            }

            if (commandLine.TryGetValue(option.Name, out var given))
            {
                fromCommandLine.Set(key, given, "--" + option.Name);
            }
        }

        return new StageSettingValues([defaults, fromManifest, fromState, fromEnvironment, fromCommandLine], optionsByPath);
    }

    private static bool IsBoolean(string text) => text.ToLowerInvariant() is "true" or "false" or "1" or "0" or "yes" or "no";

    private static string KnownOptions(IReadOnlyList<StageOption> options) =>
        "known: " + string.Join(", ", options.Select(o => "--" + o.Name));

    private StageOption Find(string name) =>
        _options.FirstOrDefault(o => o.Name == name) ?? throw new ArgumentException($"The stage declares no option '{name}'.", nameof(name));
}
