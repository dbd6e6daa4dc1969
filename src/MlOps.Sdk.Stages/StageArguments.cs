using System.Globalization;

namespace MlOps.Sdk.Stages;

/// <summary>
/// The options of one stage invocation, resolved in order: command line, environment (CI variables and hand-off),
/// pipeline state file, default. Parsing fails on unknown options and missing values, before any side effect.
/// </summary>
public sealed class StageArguments
{
    private readonly IReadOnlyList<StageOption> _options;
    private readonly Dictionary<string, string> _commandLine;
    private readonly Func<string, string?> _getVariable;
    private readonly IReadOnlyDictionary<string, string> _state;

    private StageArguments(IReadOnlyList<StageOption> options, Dictionary<string, string> commandLine, Func<string, string?> getVariable, IReadOnlyDictionary<string, string> state, bool helpRequested)
    {
        _options = options;
        _commandLine = commandLine;
        _getVariable = getVariable;
        _state = state;
        HelpRequested = helpRequested;
    }

    /// <summary><c>--help</c> or <c>-h</c> was given.</summary>
    public bool HelpRequested { get; }

    /// <summary>The options these arguments were parsed against.</summary>
    public IReadOnlyList<StageOption> Options => _options;

    /// <summary>Parses <c>--name value</c>, <c>--name=value</c> and bare switches.</summary>
    /// <param name="args">The command-line arguments.</param>
    /// <param name="options">The stage's options.</param>
    /// <param name="getVariable">Reads an environment variable.</param>
    /// <param name="state">Values handed off by earlier stages through the state file, by variable name.</param>
    /// <returns>The parsed arguments.</returns>
    /// <exception cref="MlOpsValidationException">An argument is unknown, repeated or lacks its value.</exception>
    public static StageArguments Parse(IReadOnlyList<string> args, IReadOnlyList<StageOption> options, Func<string, string?> getVariable, IReadOnlyDictionary<string, string> state)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(getVariable);
        ArgumentNullException.ThrowIfNull(state);
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

        return new StageArguments(options, values, getVariable, state, help);
    }

    /// <summary>The option's value, or <see langword="null"/> when nothing sets it and it has no default.</summary>
    /// <param name="name">The option's name.</param>
    /// <returns>The value, trimmed; empty values count as unset.</returns>
    public string? Get(string name)
    {
        var option = Find(name);
        if (_commandLine.TryGetValue(name, out var given))
        {
            return given.Trim();
        }

        foreach (var variable in option.EnvironmentVariables)
        {
            var value = _getVariable(variable);
            if (!string.IsNullOrWhiteSpace(value))
            {
                return value.Trim();
            }

            if (_state.TryGetValue(variable, out var handedOff) && !string.IsNullOrWhiteSpace(handedOff))
            {
                return handedOff.Trim();
            }
        }

        return option.DefaultValue;
    }

    /// <summary>Where the option's value came from, for the stage's log: <c>--name</c>, a variable, the state file or the default.</summary>
    /// <param name="name">The option's name.</param>
    /// <returns>A short description of the source.</returns>
    public string SourceOf(string name)
    {
        var option = Find(name);
        if (_commandLine.ContainsKey(name))
        {
            return "--" + name;
        }

        foreach (var variable in option.EnvironmentVariables)
        {
            if (!string.IsNullOrWhiteSpace(_getVariable(variable)))
            {
                return "$" + variable;
            }

            if (_state.TryGetValue(variable, out var handedOff) && !string.IsNullOrWhiteSpace(handedOff))
            {
                return "state file";
            }
        }

        return "default";
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
    public bool GetBoolean(string name)
    {
        var text = Get(name);
        return text?.ToLowerInvariant() switch
        {
            null or "" or "false" or "0" or "no" => false,
            "true" or "1" or "yes" => true,
            _ => throw new MlOpsValidationException("--" + name, $"must be true or false (got '{text}')"),
        };
    }

    /// <summary>A whole-number option within a range.</summary>
    /// <param name="name">The option's name.</param>
    /// <param name="minimum">The smallest allowed value.</param>
    /// <param name="maximum">The largest allowed value.</param>
    /// <returns>The value, or <see langword="null"/> when unset.</returns>
    /// <exception cref="MlOpsValidationException">The value is not a whole number in range.</exception>
    public int? GetInt32(string name, int minimum, int maximum)
    {
        var text = Get(name);
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= minimum && value <= maximum
            ? value
            : throw new MlOpsValidationException("--" + name, $"must be a whole number from {minimum} to {maximum} (got '{text}')");
    }

    /// <summary>A decimal option.</summary>
    /// <param name="name">The option's name.</param>
    /// <returns>The value, or <see langword="null"/> when unset.</returns>
    /// <exception cref="MlOpsValidationException">The value is not a finite number.</exception>
    public double? GetDouble(string name)
    {
        var text = Get(name);
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw new MlOpsValidationException("--" + name, $"must be a number such as 0.75 (got '{text}')");
    }

    private static bool IsBoolean(string text) => text.ToLowerInvariant() is "true" or "false" or "1" or "0" or "yes" or "no";

    private static string KnownOptions(IReadOnlyList<StageOption> options) =>
        "known: " + string.Join(", ", options.Select(o => "--" + o.Name));

    private StageOption Find(string name) =>
        _options.FirstOrDefault(o => o.Name == name) ?? throw new ArgumentException($"The stage declares no option '{name}'.", nameof(name));
}
