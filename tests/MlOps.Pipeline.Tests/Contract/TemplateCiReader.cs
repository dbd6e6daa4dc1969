using System.Text.Json;
using System.Text.RegularExpressions;
using MlOps.Sdk.Stages;
using YamlDotNet.RepresentationModel;

namespace MlOps.Pipeline.Tests.Contract;

/// <summary>
/// Collects what a template's pipeline reads by parsing its .gitlab-ci.yml and manifest.json, and by loading the
/// stages its ci/*.cs scripts run (<c>StageRunner.RunAsync&lt;TStage&gt;</c>) to read their options' variables.
/// </summary>
internal static partial class TemplateCiReader
{
    public static TemplateCi Read(string templateFolder)
    {
        var root = LoadYaml(Path.Combine(templateFolder, ".gitlab-ci.yml"));
        var reads = new HashSet<string>(StringComparer.Ordinal);
        var required = new HashSet<string>(StringComparer.Ordinal);
        var defined = new HashSet<string>(StringComparer.Ordinal);
        var audiences = new HashSet<string>(StringComparer.Ordinal);
        var chosenPerPipeline = new HashSet<string>(StringComparer.Ordinal);

        foreach (var scalar in Scalars(root))
        {
            reads.UnionWith(References(scalar));
            required.UnionWith(RequiredExpansion().Matches(scalar).Select(m => m.Groups[1].Value));
            defined.UnionWith(DotEnvWrite().Matches(scalar).Select(m => m.Groups[1].Value));
        }

        defined.UnionWith(Keys(Child(root, "variables")));
        foreach (var rule in Items(Child(Child(root, "workflow"), "rules")))
        {
            var variables = Child(rule, "variables");
            chosenPerPipeline.UnionWith(Keys(variables));
            // AWS_ROLE_ARN: $MLOPS_CANDIDATE_ROLE_ARN: the role variable has to be set on the project.
            required.UnionWith(Values(variables).SelectMany(References));
        }

        foreach (var job in root.Children.Values.OfType<YamlMappingNode>())
        {
            defined.UnionWith(Keys(Child(job, "variables")));
            var idTokens = Child(job, "id_tokens");
            defined.UnionWith(Keys(idTokens));
            foreach (var token in (idTokens as YamlMappingNode)?.Children.Values.OfType<YamlMappingNode>() ?? [])
            {
                audiences.UnionWith(Scalars(Child(token, "aud") ?? new YamlSequenceNode()));
            }
        }

        using (var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(templateFolder, "manifest.json"))))
        {
            foreach (var (path, value) in VariableNames(manifest.RootElement, ""))
            {
                reads.Add(value);
                if (path.StartsWith("aws.", StringComparison.Ordinal))
                {
                    required.Add(value);
                }
            }
        }

        foreach (var option in StageOptions(templateFolder))
        {
            reads.UnionWith(option.EnvironmentVariables);
            // The SDK marks what AWS mode cannot do without; an option that reads a variable named in manifest.json
            // ("names its CI variable") is covered by that name.
            if (option.Description.Contains("AWS: required", StringComparison.Ordinal) && !option.Description.Contains("names its CI variable", StringComparison.Ordinal))
            {
                required.Add(option.EnvironmentVariables[0]);
            }
        }

        defined.UnionWith(chosenPerPipeline);
        reads.UnionWith(defined);
        required.ExceptWith(defined);
        required.RemoveWhere(IsPredefined);
        reads.RemoveWhere(IsPredefined);
        return new TemplateCi(Path.GetFileName(templateFolder), reads, required, audiences, PushedImageVariables(root), chosenPerPipeline);
    }

    // GitLab's predefined variables all start with CI_ or GITLAB_ (docs.gitlab.com/ci/variables/predefined_variables).
    private static bool IsPredefined(string name) => name.StartsWith("CI_", StringComparison.Ordinal) || name.StartsWith("GITLAB_", StringComparison.Ordinal);

    private static IEnumerable<StageOption> StageOptions(string templateFolder)
    {
        var sdk = typeof(IStage).Assembly;
        foreach (var script in Directory.EnumerateFiles(Path.Combine(templateFolder, "ci"), "*.cs").Order(StringComparer.Ordinal))
        {
            foreach (Match match in StageOfScript().Matches(File.ReadAllText(script)))
            {
                var type = sdk.GetType(match.Groups[1].Value)
                    ?? throw new InvalidOperationException($"{Path.GetFileName(script)} runs {match.Groups[1].Value}, which MlOps.Sdk does not define");
                var stage = (IStage)Activator.CreateInstance(type)!;
                foreach (var option in stage.Options.Concat(CommonStageOptions.All))
                {
                    yield return option;
                }
            }
        }
    }

    private static HashSet<string> PushedImageVariables(YamlMappingNode root)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        var script = string.Join('\n', Scalars(Child(Child(root, "build-image"), "script") ?? new YamlSequenceNode()));
        var locals = ShellAssignment().Matches(script).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value, StringComparer.Ordinal);
        foreach (Match image in ImageAssignment().Matches(script))
        {
            var repository = image.Groups[1].Value;
            repository = repository[..repository.LastIndexOf(':')];
            foreach (Match reference in Reference().Matches(repository))
            {
                var name = reference.Groups[1].Value;
                result.Add(locals.TryGetValue(name, out var variable) ? variable : name);
            }
        }

        return result;
    }

    private static IEnumerable<(string Path, string Value)> VariableNames(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            yield break;
        }

        foreach (var property in element.EnumerateObject())
        {
            var childPath = path.Length == 0 ? property.Name : $"{path}.{property.Name}";
            if (property.Value.ValueKind == JsonValueKind.String && property.Name.EndsWith("Variable", StringComparison.Ordinal))
            {
                yield return (childPath, property.Value.GetString()!);
            }

            foreach (var nested in VariableNames(property.Value, childPath))
            {
                yield return nested;
            }
        }
    }

    private static IEnumerable<string> References(string text) =>
        Reference().Matches(text).Select(m => m.Groups[1].Value).Where(n => UpperCaseName().IsMatch(n));

    private static YamlMappingNode LoadYaml(string path)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(path);
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static YamlNode? Child(YamlNode? node, string key) =>
        node is YamlMappingNode mapping && mapping.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private static IEnumerable<string> Keys(YamlNode? node) =>
        node is YamlMappingNode mapping ? mapping.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value!) : [];

    private static IEnumerable<string> Values(YamlNode? node) =>
        node is YamlMappingNode mapping ? mapping.Children.Values.SelectMany(Scalars) : [];

    private static IEnumerable<YamlNode> Items(YamlNode? node) => node is YamlSequenceNode sequence ? sequence.Children : [];

    private static IEnumerable<string> Scalars(YamlNode node) => node switch
    {
        YamlScalarNode scalar => scalar.Value is null ? [] : [scalar.Value],
        YamlSequenceNode sequence => sequence.Children.SelectMany(Scalars),
        YamlMappingNode mapping => mapping.Children.Values.SelectMany(Scalars),
        _ => [],
    };

    [GeneratedRegex(@"\$\{?([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex Reference();

    [GeneratedRegex(@"^[A-Z][A-Z0-9_]*$")]
    private static partial Regex UpperCaseName();

    [GeneratedRegex(@"\$\{([A-Z][A-Z0-9_]*):\?")]
    private static partial Regex RequiredExpansion();

    [GeneratedRegex(@"echo ""([A-Z][A-Z0-9_]*)=")]
    private static partial Regex DotEnvWrite();

    [GeneratedRegex(@"RunAsync<([\w.]+)>")]
    private static partial Regex StageOfScript();

    [GeneratedRegex(@"(?m)^\s*([a-z_][a-z0-9_]*)=""\$\{([A-Z][A-Z0-9_]*)(?::\?[^}]*)?\}""")]
    private static partial Regex ShellAssignment();

    [GeneratedRegex(@"(?m)^\s*image=""([^""]+)""")]
    private static partial Regex ImageAssignment();
}
