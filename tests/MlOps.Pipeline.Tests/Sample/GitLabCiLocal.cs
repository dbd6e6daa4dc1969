namespace MlOps.Pipeline.Tests.Sample;

/// <summary>
/// Runs a sample project's generated .gitlab-ci.yml with gitlab-ci-local (pinned in tools/gitlab-ci-local), in a
/// git work tree of its own under samples/.mlops/gitlab-ci-local, with the shell executor, in local mode.
/// </summary>
internal sealed class GitLabCiLocal
{
    private static readonly string Tool = Path.Combine(RepositoryPaths.Root, "tools", "gitlab-ci-local", "node_modules", ".bin", "gitlab-ci-local");

    public GitLabCiLocal(string project, string home, string? workTree = null)
    {
        Project = project;
        Home = home;
        WorkTree = Path.Combine(RepositoryPaths.Samples, ".mlops", "gitlab-ci-local", workTree ?? project);
    }

    public string Project { get; }

    public string Home { get; }

    public string WorkTree { get; }

    /// <summary>Fails with how to install what is missing: gitlab-ci-local (npm ci) and rsync (apt).</summary>
    public static void RequireTools()
    {
        Assert.True(File.Exists(Tool), "gitlab-ci-local is not installed: run (cd tools/gitlab-ci-local && npm ci) — it pins gitlab-ci-local 4.73.0 (Node 20).");
        var rsync = Environment.GetEnvironmentVariable("PATH")!.Split(':').Any(p => File.Exists(Path.Combine(p, "rsync")));
        Assert.True(rsync, "rsync is not installed, and gitlab-ci-local needs it: apt-get install rsync");
    }

    /// <summary>Copies the sample project into the work tree and commits it on <paramref name="branch"/>.</summary>
    public async Task PrepareAsync(string branch, IReadOnlyDictionary<string, string>? extraFiles = null)
    {
        Directory.CreateDirectory(WorkTree);
        await MustAsync("rsync", ["-a", "--delete", "--exclude", ".git", "--exclude", ".gitlab-ci-local", "--exclude", ".mlops", "--exclude", "bin", "--exclude", "obj", "--exclude", "mlops.env", Path.Combine(RepositoryPaths.Samples, Project) + "/", WorkTree + "/"]);
        foreach (var (path, content) in extraFiles ?? new Dictionary<string, string>())
        {
            await File.WriteAllTextAsync(Path.Combine(WorkTree, path), content);
        }

        if (!Directory.Exists(Path.Combine(WorkTree, ".git")))
        {
            await MustAsync("git", ["init", "-q", "-b", "main"]);
        }

        await MustAsync("git", ["checkout", "-q", "-B", branch]);
        await MustAsync("git", ["add", "-A"]);
        await MustAsync("git", ["-c", "user.name=MlOps Test", "-c", "user.email=mlops@example.com", "commit", "-q", "--allow-empty", "-m", $"{Project} on {branch}"]);
        // A new commit is a new pipeline, and GitLab hands a job the artifacts of its own pipeline's jobs only, while
        // gitlab-ci-local imports whatever a run left in the artifacts folder of each job before it, also of a job that
        // did not run this time (the manual stop-candidate's copy of an older deploy's model description, say).
        var artifacts = Path.Combine(WorkTree, ".gitlab-ci-local", "artifacts");
        if (Directory.Exists(artifacts))
        {
            Directory.Delete(artifacts, recursive: true);
        }

        Directory.CreateDirectory(Path.Combine(WorkTree, ".mlops"));
        foreach (var stale in Directory.GetFiles(Path.Combine(WorkTree, ".mlops"), "*.zip", SearchOption.AllDirectories))
        {
            File.Delete(stale);
        }
    }

    public async Task<string> HeadAsync() => (await MustAsync("git", ["rev-parse", "HEAD"])).Output.Trim();

    /// <summary>Runs the whole pipeline as a merge request (IID 7, from feat/x) or as the default branch.</summary>
    public Task<ProcessResult> RunAsync(bool mergeRequest, params (string Name, string Value)[] variables) =>
        RunAsync(mergeRequest, "local", [], new Dictionary<string, string?>(), variables);

    /// <summary>
    /// Runs the pipeline in <paramref name="mode"/>, only <paramref name="jobs"/> when any are named (gitlab-ci-local's
    /// job list; a named job takes the artifacts of the jobs before it from the same run), with
    /// <paramref name="environment"/> changed for gitlab-ci-local and so for every shell-executor job.
    /// </summary>
    public Task<ProcessResult> RunAsync(bool mergeRequest, string mode, IReadOnlyList<string> jobs, IReadOnlyDictionary<string, string?> environment, params (string Name, string Value)[] variables)
    {
        List<string> arguments =
        [
            "--force-shell-executor", "--shell-isolation", "--no-color",
            "--variable", $"MLOPS_HOME={Home}",
            "--variable", $"MLOPS_MODE={mode}",
            "--variable", $"MLOPS_NUGET_SOURCE={Path.Combine(RepositoryPaths.Samples, ".mlops", "feed")}",
            "--variable", $"NUGET_PACKAGES={Path.Combine(RepositoryPaths.Samples, ".mlops", "nuget-packages")}",
            "--variable", "MLOPS_PUBLISH_RELEASE=false",
        ];
        if (mergeRequest)
        {
            arguments.AddRange([
                "--variable", "CI_PIPELINE_SOURCE=merge_request_event", "--variable", "CI_MERGE_REQUEST_IID=7",
                "--variable", "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME=feat/x", "--variable", "CI_MERGE_REQUEST_TARGET_BRANCH_NAME=main",
                "--unset-variable", "CI_COMMIT_BRANCH",
            ]);
        }

        foreach (var (name, value) in variables)
        {
            arguments.AddRange(["--variable", $"{name}={value}"]);
        }

        var logs = Path.Combine(WorkTree, ".gitlab-ci-local", "output");
        if (Directory.Exists(logs))
        {
            Directory.Delete(logs, recursive: true);
        }

        arguments.AddRange(jobs);
        return ChildProcess.RunAsync(Tool, arguments, WorkTree, new Dictionary<string, string?>(environment) { ["MLOPS_MODE"] = null });
    }

    /// <summary>The jobs that ran in the last pipeline: gitlab-ci-local keeps one log per job it ran.</summary>
    public IReadOnlyList<string> JobsThatRan() =>
        [.. Directory.GetFiles(Path.Combine(WorkTree, ".gitlab-ci-local", "output"), "*.log").Select(f => Path.GetFileNameWithoutExtension(f)).Order(StringComparer.Ordinal)];

    /// <summary>A file among the artifacts gitlab-ci-local kept of a job (its artifacts:paths), or <see langword="null"/>.</summary>
    public string? Artifact(string job, string relativePath)
    {
        var path = Path.Combine(WorkTree, ".gitlab-ci-local", "artifacts", job, relativePath);
        return File.Exists(path) ? path : null;
    }

    public string[] Zips(string pattern) => Directory.GetFiles(Path.Combine(WorkTree, ".mlops"), pattern, SearchOption.AllDirectories);

    private async Task<ProcessResult> MustAsync(string tool, IEnumerable<string> arguments)
    {
        var result = await ChildProcess.RunAsync(tool, arguments, WorkTree, installHint: $"apt-get install {tool}");
        Assert.True(result.ExitCode == 0, $"{tool} failed: {result.Output}");
        return result;
    }
}
