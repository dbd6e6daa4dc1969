using System.Diagnostics;
using System.Text;
using System.Text.Json;
using MlOps.Sdk.Tests.Fixtures;

namespace MlOps.Sdk.Tests.BadInput;

/// <summary>
/// What the tofu-variable rows are submitted to: terraform planning a copy of tofu/ with the mock AWS provider of
/// tofu/tests/mocks/stack, one generated test file per row (a failed run skips the rest of its file), all of them in
/// one <c>terraform test -json</c> started once by <c>tofu/test.sh json-tests</c>, which finds terraform and the
/// offline provider the way the tofu checks do. Without them the fixture fails with tofu/test.sh's install hint.
/// </summary>
public sealed class TofuPlanWorld : IAsyncLifetime
{
    /// <summary>Set in every plan unless the row is about it: gitlab_domain has no default.</summary>
    public static readonly IReadOnlyDictionary<string, string> BaseVariables = new Dictionary<string, string> { ["gitlab_domain"] = "\"gitlab.example.com\"" };

    private const string TestDirectory = "generated-tests";
    private const string ControlFile = "000_base_variables.tftest.hcl";

    private readonly string _folder = Directory.CreateTempSubdirectory("mlops-bad-tofu-").FullName;
    private readonly Dictionary<TofuVariableCase, string> _files = BadInputCatalogue.TofuVariables
        .Select((row, index) => (row, file: $"{index + 1:D3}_{row.Variable}.tftest.hcl"))
        .ToDictionary(r => r.row, r => r.file);

    private Dictionary<string, TofuRun> _runs = [];

    /// <summary>How long tofu/test.sh json-tests took: the copy, init and every plan.</summary>
    public TimeSpan Elapsed { get; private set; }

    /// <summary>State or plan files found in the folder terraform worked in once it had finished (there must be none).</summary>
    public IReadOnlyList<string> StateFiles { get; private set; } = [];

    /// <summary>The plan with the base variables only, which must pass: the rows' refusals come from their one bad value.</summary>
    public TofuRun Control => Run(ControlFile);

    public TofuRun Of(TofuVariableCase row) => Run(_files[row]);

    public async Task InitializeAsync()
    {
        await File.WriteAllTextAsync(Path.Combine(_folder, ControlFile), TestFile(BaseVariables));
        foreach (var (row, file) in _files)
        {
            var variables = BaseVariables.Where(v => v.Key != row.Variable).Append(new(row.Variable, row.Value));
            await File.WriteAllTextAsync(Path.Combine(_folder, file), TestFile(variables));
        }

        var clock = Stopwatch.StartNew();
        var (exitCode, output) = await RunTestScriptAsync();
        Elapsed = clock.Elapsed;
        if (exitCode != 0)
        {
            throw new InvalidOperationException(
                $"`bash tofu/test.sh json-tests {_folder}` failed (exit {exitCode}). The tofu rows of the bad-input catalogue need terraform >= 1.11 " +
                $"(or tofu >= 1.8) on PATH and the hashicorp/aws 5.100 provider in an offline plugin folder (TF_BIN, TF_PLUGIN_DIR; see tofu/README.md):\n{output}");
        }

        _runs = await ReadRunsAsync(Path.Combine(_folder, "test.json"));
        StateFiles = [.. Directory.EnumerateFileSystemEntries(_folder, "*", SearchOption.AllDirectories).Where(IsStateOrPlan)];
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    private TofuRun Run(string file) =>
        _runs.TryGetValue($"{TestDirectory}/{file}", out var run) ? run : throw new InvalidOperationException($"terraform test reported nothing for {file}");

    private static string TestFile(IEnumerable<KeyValuePair<string, string>> variables)
    {
        var text = new StringBuilder();
        text.Append("mock_provider \"aws\" {\n  override_during = plan\n  source          = \"./tests/mocks/stack\"\n}\n\n");
        text.Append("run \"plan\" {\n  command = plan\n\n  variables {\n");
        foreach (var (name, value) in variables)
        {
            text.Append($"    {name} = {value}\n");
        }

        text.Append("  }\n}\n");
        return text.ToString();
    }

    private async Task<(int ExitCode, string Output)> RunTestScriptAsync()
    {
        var start = new ProcessStartInfo("bash", [RepositoryRoot.Combine("tofu", "test.sh"), "json-tests", _folder])
        {
            WorkingDirectory = RepositoryRoot.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };

        // No AWS call is possible: no credentials, no instance metadata, and any HTTP(S) request would go to a closed port.
        foreach (var name in Environment.GetEnvironmentVariables().Keys.Cast<string>().Where(n => n.StartsWith("AWS_", StringComparison.Ordinal)))
        {
            start.Environment.Remove(name);
        }

        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        start.Environment["AWS_CONFIG_FILE"] = "/dev/null";
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null";
        start.Environment["HTTPS_PROXY"] = "http://127.0.0.1:9";
        start.Environment["HTTP_PROXY"] = "http://127.0.0.1:9";
        start.Environment.Remove("NO_PROXY");

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }

    /// <summary>terraform test -json: one message a line; a run's verdict and its diagnostics carry its file in @testfile.</summary>
    private static async Task<Dictionary<string, TofuRun>> ReadRunsAsync(string path)
    {
        var status = new Dictionary<string, string>();
        var errors = new Dictionary<string, List<TofuDiagnostic>>();
        foreach (var line in await File.ReadAllLinesAsync(path))
        {
            using var message = JsonDocument.Parse(line);
            var root = message.RootElement;
            if (!root.TryGetProperty("@testfile", out var file) || !root.TryGetProperty("@testrun", out _))
            {
                continue;
            }

            var type = root.GetProperty("type").GetString();
            if (type == "test_run" && root.GetProperty("test_run").GetProperty("progress").GetString() == "complete")
            {
                status[file.GetString()!] = root.GetProperty("test_run").GetProperty("status").GetString()!;
            }
            else if (type == "diagnostic" && root.GetProperty("diagnostic").GetProperty("severity").GetString() == "error")
            {
                var diagnostic = root.GetProperty("diagnostic");
                IEnumerable<string> traversals = diagnostic.TryGetProperty("snippet", out var snippet) && snippet.TryGetProperty("values", out var values)
                    ? values.EnumerateArray().Select(v => v.GetProperty("traversal").GetString()!)
                    : [];
                var list = errors.TryGetValue(file.GetString()!, out var found) ? found : errors[file.GetString()!] = [];
                list.Add(new TofuDiagnostic(diagnostic.GetProperty("summary").GetString()!, diagnostic.GetProperty("detail").GetString() ?? string.Empty, [.. traversals]));
            }
        }

        return status.ToDictionary(s => s.Key, s => new TofuRun(s.Value, errors.TryGetValue(s.Key, out var e) ? e : []));
    }

    private static bool IsStateOrPlan(string path)
    {
        var name = Path.GetFileName(path);
        return name.Contains(".tfstate", StringComparison.Ordinal) || name == "terraform.tfstate.d" || name.EndsWith(".tfplan", StringComparison.Ordinal);
    }
}
