using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using MlOps.Sdk.Endpoints;

namespace MlOps.Pipeline.Tests.Sample;

/// <summary>
/// One <c>mlops-local serve</c> over a home of its own, set up as tofu sets up AWS (the bucket; tofu's ci_variables
/// as each project's CI/CD variables), in which the generated projects' own .gitlab-ci.yml files run in AWS mode under
/// gitlab-ci-local. No AWS key reaches gitlab-ci-local or a job: the id token (the variable GitLab's id_tokens would
/// set) is the only way in, through the server's STS. build-image (buildah) cannot run here: <see cref="PrepareAsync"/>
/// does what it does (publish the project's application, register it in the local registry as ECR) and the run hands
/// its URI on as its dotenv report would. The training project's default-branch pipeline runs once, when first asked
/// for, so the endpoint project deploys the version its metric gate approved, as it would on GitLab; the endpoint
/// project's default-branch pipeline runs twice (two commits of main), so the second updates production blue/green.
/// </summary>
public sealed class OverWireFixture : IAsyncLifetime
{
    public const string Registry = "000000000000.dkr.ecr.us-east-1.amazonaws.com";
    public const string Bucket = "mlops-breast-cancer-training";
    public const string ModelPackageGroup = "breast-cancer-training-models";
    public const string CandidateRole = "arn:aws:iam::000000000000:role/mlops-ci-candidate";
    public const string ProductionRole = "arn:aws:iam::000000000000:role/mlops-ci-production";
    public const string CandidateEndpoint = "breast-cancer-endpoint-candidate-mr7";
    public const string ProductionEndpoint = "breast-cancer-endpoint";
    private const string ExecutionRole = "arn:aws:iam::000000000000:role/mlops-local-execution";

    private readonly SampleRunFolder _run = new();
    private readonly StringBuilder _serverLog = new();
    private readonly Lazy<Task<WirePipelineRun>> _trainingOnMain;
    private readonly Lazy<Task<WirePipelineRun>> _endpointMergeRequest;
    private readonly Lazy<Task<WirePipelineRun>> _endpointOnMain;
    private readonly Lazy<Task<WirePipelineRun>> _endpointOnMainAgain;
    private Process? _server;
    private string _wire = string.Empty;

    public OverWireFixture()
    {
        _trainingOnMain = new(() => RunWholeAsync("breast-cancer-training", mergeRequest: false, ["validate", "build", "train", "register", "package", "release", "cleanup"]));
        _endpointMergeRequest = new(async () =>
        {
            await TrainingOnMainAsync();
            return await RunWholeAsync("breast-cancer-endpoint", mergeRequest: true, ["validate", "build", "deploy-candidate", "test-candidate", "report", "package", "release"], CandidateEndpoint);
        });
        _endpointOnMain = new(async () =>
        {
            await TrainingOnMainAsync();
            return await EndpointOnMainOnceAsync();
        });
        _endpointOnMainAgain = new(async () =>
        {
            await EndpointOnMainAsync();
            return await EndpointOnMainOnceAsync();
        });
    }

    public string Home => _run.Home;

    /// <summary>The server's one address (AWS_ENDPOINT_URL of every job).</summary>
    public string Endpoint { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        GitLabCiLocal.RequireTools();
        var pack = await ChildProcess.RunAsync("bash", [Path.Combine(RepositoryPaths.Samples, "pack-sdk.sh")], RepositoryPaths.Root);
        Assert.True(pack.ExitCode == 0, pack.Output);

        // mlops-local from this commit's sources (the test project does not reference the server: ASP.NET Core).
        var folder = Path.Combine(_run.Folder, "mlops-local");
        await MustAsync("dotnet", ["publish", Path.Combine(RepositoryPaths.Root, "src", "MlOps.Sdk.LocalWire"), "-c", "Release", "-o", folder, "--nologo", "-v", "quiet"], RepositoryPaths.Root);
        _wire = Path.Combine(folder, "MlOps.Sdk.LocalWire.dll");
        Endpoint = await StartServerAsync();

        // What tofu provisions: the bucket.
        await MustAsync("curl", ["-sSf", "-o", "/dev/null", "-X", "PUT", "--aws-sigv4", "aws:amz:us-east-1:s3", "--user", "provisioning:not-a-secret", $"{Endpoint}/{Bucket}"], _run.Folder);
    }

    public async Task DisposeAsync()
    {
        if (_server is { HasExited: false })
        {
            _server.Kill();
            await _server.WaitForExitAsync();
        }

        _server?.Dispose();
        await _run.DisposeAsync();
    }

    /// <summary>The training project's default-branch pipeline, run once (the endpoint pipelines need its approved version).</summary>
    internal Task<WirePipelineRun> TrainingOnMainAsync() => _trainingOnMain.Value;

    /// <summary>
    /// The endpoint project's merge-request pipeline, run once after the training project's default-branch pipeline;
    /// the candidate endpoint's status is read as the pipeline leaves it (a later stop-candidate deletes it).
    /// </summary>
    internal Task<WirePipelineRun> EndpointMergeRequestAsync() => _endpointMergeRequest.Value;

    /// <summary>
    /// The endpoint project's default-branch pipeline, run once after the training project's: it creates the
    /// production endpoint (read as the pipeline leaves it).
    /// </summary>
    internal Task<WirePipelineRun> EndpointOnMainAsync() => _endpointOnMain.Value;

    /// <summary>
    /// A second default-branch pipeline of the endpoint project (a new commit of main, so a new serving image), run once
    /// after <see cref="EndpointOnMainAsync"/>: it updates the production endpoint blue/green.
    /// </summary>
    internal Task<WirePipelineRun> EndpointOnMainAgainAsync() => _endpointOnMainAgain.Value;

    /// <summary>
    /// Commits the sample <paramref name="project"/> in a work tree of its own (feat/x for a merge request, else main)
    /// and does what build-image does: publishes the manifest's image.project and pushes it as
    /// &lt;registry&gt;/&lt;image.repository&gt;:&lt;short sha&gt;-&lt;pipeline IID&gt; (the local registry stands in for ECR).
    /// </summary>
    internal async Task<WireProject> PrepareAsync(string project, bool mergeRequest)
    {
        var branch = mergeRequest ? "feat/x" : "main";
        var gitlab = new GitLabCiLocal(project, Home, workTree: project + "-over-wire" + (mergeRequest ? string.Empty : "-main"));
        await gitlab.PrepareAsync(branch);
        var sha = (await gitlab.HeadAsync())[..8];

        using var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(gitlab.WorkTree, "manifest.json")));
        var image = manifest.RootElement.GetProperty("image");
        var repository = image.GetProperty("repository").GetString()!;
        var published = Path.Combine(Home, "images", repository, sha);
        await MustAsync("dotnet", ["publish", image.GetProperty("project").GetString()!, "-c", "Release", "-o", published, "--nologo", "-v", "quiet"], gitlab.WorkTree);
        var uri = (await MustAsync("dotnet", [_wire, "register-image", "--home", Home, repository, $"{sha}-1", published, "--", "dotnet", Path.Combine(published, image.GetProperty("assembly").GetString()!)], gitlab.WorkTree)).Output.Trim();
        Assert.Equal($"{Registry}/{repository}:{sha}-1", uri);
        return new WireProject(gitlab, project, mergeRequest, branch, sha, uri);
    }

    /// <summary>
    /// Runs <paramref name="jobs"/> of the project's pipeline in AWS mode with what GitLab gives each job: tofu's
    /// ci_variables, the id token and build-image's dotenv report, and no key, session, profile or role of the machine.
    /// </summary>
    internal async Task<WirePipelineRun> RunAsync(WireProject project, params string[] jobs)
    {
        int logStart;
        lock (_serverLog)
        {
            logStart = _serverLog.Length;
        }

        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var started = Stopwatch.StartNew();
        var result = await project.GitLab.RunAsync(
            project.MergeRequest,
            mode: "aws",
            jobs,
            new Dictionary<string, string?>
            {
                ["AWS_ACCESS_KEY_ID"] = null, ["AWS_SECRET_ACCESS_KEY"] = null, ["AWS_SESSION_TOKEN"] = null, ["AWS_PROFILE"] = null,
                ["AWS_ROLE_ARN"] = null, ["AWS_WEB_IDENTITY_TOKEN_FILE"] = null,
                ["AWS_CONFIG_FILE"] = Path.Combine(_run.Folder, "no-aws-config"), ["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(_run.Folder, "no-aws-credentials"),
            },
            // tofu output ci_variables (tests/MlOps.Pipeline.Tests/Contract), with local mode's execution role and bucket.
            ("MLOPS_CANDIDATE_ROLE_ARN", CandidateRole),
            ("MLOPS_PRODUCTION_ROLE_ARN", ProductionRole),
            ("MLOPS_SAGEMAKER_CANDIDATE_ROLE_ARN", ExecutionRole),
            ("MLOPS_SAGEMAKER_PRODUCTION_ROLE_ARN", ExecutionRole),
            ("MLOPS_BUCKET", Bucket),
            ("MLOPS_ECR_REGISTRY", Registry),
            ("MLOPS_TRAINING_REPOSITORY", "breast-cancer-training-trainer"),
            ("MLOPS_SERVING_REPOSITORY", "breast-cancer-endpoint-server"),
            ("MLOPS_MODEL_PACKAGE_GROUP", ModelPackageGroup),
            // What GitLab sets: the id token (id_tokens) and build-image's dotenv report.
            ("MLOPS_ID_TOKEN", GitLabIdToken(project.Project, project.Branch, now)),
            ("MLOPS_IMAGE_URI", project.Image),
            ("AWS_ENDPOINT_URL", Endpoint),
            // The server's jobs and endpoints are ready in seconds: poll as local mode does, not with SageMaker's waiter delays.
            ("MlOps__Training__CompletionWaiter__Delay", "00:00:00.1"),
            ("MlOps__Training__CompletionWaiter__MaxAttempts", "216000"),
            ("MlOps__Training__LogPollInterval", "00:00:00.1"),
            ("MlOps__Endpoints__InServiceWaiter__Delay", "00:00:00.1"),
            ("MlOps__Endpoints__InServiceWaiter__MaxAttempts", "36000"),
            ("MlOps__Endpoints__DeletedWaiter__Delay", "00:00:00.1"),
            ("MlOps__Endpoints__DeletedWaiter__MaxAttempts", "18000"));
        var elapsed = started.Elapsed;

        string log;
        lock (_serverLog)
        {
            log = _serverLog.ToString(logStart, _serverLog.Length - logStart);
        }

        return new WirePipelineRun(project, result, project.GitLab.JobsThatRan(), log, elapsed, Endpoint: null, Kept: null);
    }

    private Task<WirePipelineRun> EndpointOnMainOnceAsync() =>
        RunWholeAsync("breast-cancer-endpoint", mergeRequest: false, ["validate", "build", "deploy-production", "test-production", "package", "release", "cleanup"], ProductionEndpoint);

    // A new commit of the project, its whole pipeline, and the endpoint it deploys as the pipeline left it. A later
    // pipeline in the same work tree replaces the artifacts and zips, so they are kept (all jobs' but validate's stage
    // builds) in a folder of this pipeline's own.
    private async Task<WirePipelineRun> RunWholeAsync(string project, bool mergeRequest, string[] jobs, string? endpoint = null)
    {
        var run = await RunAsync(await PrepareAsync(project, mergeRequest), jobs);
        var kept = Path.Combine(_run.Folder, "pipelines", $"{project}-{run.Project.Branch.Replace('/', '-')}-{run.Project.Sha}");
        var artifacts = Path.Combine(run.Project.GitLab.WorkTree, ".gitlab-ci-local", "artifacts");
        foreach (var file in Directory.Exists(artifacts) ? Directory.GetFiles(artifacts, "*", SearchOption.AllDirectories) : [])
        {
            var relative = Path.GetRelativePath(artifacts, file);
            if (!relative.StartsWith(Path.Combine("validate", ".mlops", "stages"), StringComparison.Ordinal))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(kept, "artifacts", relative))!);
                File.Copy(file, Path.Combine(kept, "artifacts", relative));
            }
        }

        Directory.CreateDirectory(Path.Combine(kept, "zips"));
        foreach (var zip in run.Project.GitLab.Zips("*.zip"))
        {
            File.Copy(zip, Path.Combine(kept, "zips", Path.GetFileName(zip)));
        }

        run = run with { Kept = kept };
        if (endpoint is null)
        {
            return run;
        }

        await using var state = new LocalState(Home);
        return run with { Endpoint = await state.Endpoints.GetEndpointAsync(endpoint) };
    }

    // Shaped like GitLab's id token for aud: sts.amazonaws.com (tests/MlOps.Sdk.Tests.Support/Fixtures/WebIdentityProbe.cs);
    // the server, like STS, checks its audience and expiry.
    private static string GitLabIdToken(string project, string branch, long now)
    {
        static string Part(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return Part("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"gitlab\"}") + "."
            + Part($"{{\"iss\":\"https://gitlab.example.com\",\"sub\":\"project_path:ml/{project}:ref_type:branch:ref:{branch}\",\"aud\":\"sts.amazonaws.com\",\"iat\":{now},\"nbf\":{now},\"exp\":{now + 3600}}}")
            + "." + Part("not-a-signature");
    }

    private async Task<string> StartServerAsync()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { _wire, "serve", "--home", Home, "--region", "us-east-1" })
        {
            start.ArgumentList.Add(argument);
        }

        _server = Process.Start(start)!;
        _server.ErrorDataReceived += (_, e) =>
        {
            lock (_serverLog)
            {
                _serverLog.AppendLine(e.Data);
            }
        };
        _server.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        string? endpoint = null;
        while (await _server.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            var match = Regex.Match(line, @"^export AWS_ENDPOINT_URL_STS=(?<url>\S+)$");
            if (match.Success)
            {
                endpoint = match.Groups["url"].Value;
            }

            if (line.StartsWith("export AWS_REGION=", StringComparison.Ordinal))
            {
                break;
            }
        }

        Assert.True(endpoint is not null, $"mlops-local serve printed no STS endpoint: {_serverLog}");
        _ = _server.StandardOutput.ReadToEndAsync();
        return endpoint;
    }

    private static async Task<ProcessResult> MustAsync(string tool, IEnumerable<string> arguments, string folder)
    {
        var result = await ChildProcess.RunAsync(tool, arguments, folder, installHint: $"apt-get install {tool}");
        Assert.True(result.ExitCode == 0, $"{tool} failed: {result.Output}");
        return result;
    }
}

/// <summary>A sample project committed in its own work tree, with the image build-image would have pushed.</summary>
internal sealed record WireProject(GitLabCiLocal GitLab, string Project, bool MergeRequest, string Branch, string Sha, string Image);

/// <summary>
/// One gitlab-ci-local run: its output, the jobs that ran, what the server logged meanwhile, how long it took, and,
/// for an endpoint pipeline, the endpoint it deploys (candidate or production) as the run left it, and, for a whole
/// pipeline, a folder that keeps its artifacts and zips after a later pipeline of the same work tree.
/// </summary>
internal sealed record WirePipelineRun(WireProject Project, ProcessResult Result, IReadOnlyList<string> Jobs, string ServerLog, TimeSpan Elapsed, DeployedEndpoint? Endpoint, string? Kept)
{
    /// <summary>A file among the artifacts of a job of this pipeline, or <see langword="null"/>.</summary>
    public string? Artifact(string job, string relativePath)
    {
        if (Kept is null)
        {
            return Project.GitLab.Artifact(job, relativePath);
        }

        var path = Path.Combine(Kept, "artifacts", job, relativePath);
        return File.Exists(path) ? path : null;
    }

    /// <summary>The release zips this pipeline left.</summary>
    public string[] Zips(string pattern) => Kept is null ? Project.GitLab.Zips(pattern) : Directory.GetFiles(Path.Combine(Kept, "zips"), pattern);
}
