using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using MlOps.Sdk.SageMaker;

namespace MlOps.Pipeline.Tests.Sample;

/// <summary>
/// The training project's own .gitlab-ci.yml in AWS mode, as merge request !7, run by gitlab-ci-local against
/// <c>mlops-local serve</c>: the CI/CD variables tofu's ci_variables gives a real project, the id token as the variable
/// GitLab's id_tokens would set (gitlab-ci-local ignores id_tokens), no AWS keys anywhere, so every job that calls AWS signs in with
/// the templates' own before_script (MLOPS_ID_TOKEN into AWS_WEB_IDENTITY_TOKEN_FILE) through STS
/// AssumeRoleWithWebIdentity. The container job (build-image: buildah) cannot run here: the test does what it does
/// (publish the trainer, register it in the local registry as ECR) and hands its URI on as its dotenv report would,
/// then runs every other job of the pipeline.
/// </summary>
[Collection(SamplePipelineCollection.Name)]
public sealed class GitLabCiLocalOverWireTests : IAsyncLifetime
{
    private const string Project = "breast-cancer-training";
    private const string Registry = "000000000000.dkr.ecr.us-east-1.amazonaws.com";
    private const string Repository = "breast-cancer-training-trainer";
    private const string Bucket = "mlops-breast-cancer-training";
    private const string ExecutionRole = "arn:aws:iam::000000000000:role/mlops-local-execution";

    // Every job but build-image, in the merge-request pipeline's stage order.
    private static readonly string[] Jobs = ["validate", "build", "train", "register", "report", "package", "release"];

    private readonly SampleRunFolder _run = new();
    private Process? _server;
    private readonly StringBuilder _serverLog = new();

    public Task InitializeAsync() => Task.CompletedTask;

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

    [Fact]
    public async Task TrainingPipeline_MergeRequestInAwsMode_SignsInThroughStsAndReleasesCandidate()
    {
        GitLabCiLocal.RequireTools();
        var gitlab = new GitLabCiLocal(Project, _run.Home, workTree: Project + "-over-wire");
        await gitlab.PrepareAsync("feat/x");
        var sha = (await gitlab.HeadAsync())[..8];
        var wire = await PublishServerAsync();

        // What build-image does: build the trainer image and push it to ECR as <registry>/<repository>:<sha>-<pipeline IID>.
        var imageFolder = Path.Combine(_run.Home, "images", Repository, sha);
        await MustAsync("dotnet", ["publish", "src/BreastCancer.Training.Trainer/BreastCancer.Training.Trainer.csproj", "-c", "Release", "-o", imageFolder, "--nologo", "-v", "quiet"], gitlab.WorkTree);
        var image = (await MustAsync("dotnet", [wire, "register-image", "--home", _run.Home, Repository, $"{sha}-1", imageFolder, "--", "dotnet", Path.Combine(imageFolder, "BreastCancer.Training.Trainer.dll")], gitlab.WorkTree)).Output.Trim();
        Assert.Equal($"{Registry}/{Repository}:{sha}-1", image);

        var endpoint = await StartServerAsync(wire);
        // What tofu provisions: the project's bucket.
        await MustAsync("curl", ["-sSf", "-o", "/dev/null", "-X", "PUT", "--aws-sigv4", "aws:amz:us-east-1:s3", "--user", "provisioning:not-a-secret", $"{endpoint}/{Bucket}"], gitlab.WorkTree);

        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var started = Stopwatch.StartNew();
        var result = await gitlab.RunAsync(
            mergeRequest: true,
            mode: "aws",
            Jobs,
            // No key, session, profile or role of the machine reaches a job: the id token is the only way in.
            new Dictionary<string, string?>
            {
                ["AWS_ACCESS_KEY_ID"] = null, ["AWS_SECRET_ACCESS_KEY"] = null, ["AWS_SESSION_TOKEN"] = null, ["AWS_PROFILE"] = null,
                ["AWS_ROLE_ARN"] = null, ["AWS_WEB_IDENTITY_TOKEN_FILE"] = null,
                ["AWS_CONFIG_FILE"] = Path.Combine(_run.Folder, "no-aws-config"), ["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(_run.Folder, "no-aws-credentials"),
            },
            // tofu output ci_variables (tests/MlOps.Pipeline.Tests/Contract), with local mode's execution role and bucket.
            ("MLOPS_CANDIDATE_ROLE_ARN", "arn:aws:iam::000000000000:role/mlops-ci-candidate"),
            ("MLOPS_PRODUCTION_ROLE_ARN", "arn:aws:iam::000000000000:role/mlops-ci-production"),
            ("MLOPS_SAGEMAKER_CANDIDATE_ROLE_ARN", ExecutionRole),
            ("MLOPS_SAGEMAKER_PRODUCTION_ROLE_ARN", ExecutionRole),
            ("MLOPS_BUCKET", Bucket),
            ("MLOPS_ECR_REGISTRY", Registry),
            ("MLOPS_TRAINING_REPOSITORY", Repository),
            // What GitLab sets: the id token (id_tokens) and build-image's dotenv report.
            ("MLOPS_ID_TOKEN", GitLabIdToken(now)),
            ("MLOPS_IMAGE_URI", image),
            ("AWS_ENDPOINT_URL", endpoint),
            // The server's jobs finish in seconds: poll as local mode does, not with SageMaker's waiter delays.
            ("MlOps__Training__CompletionWaiter__Delay", "00:00:00.1"),
            ("MlOps__Training__CompletionWaiter__MaxAttempts", "216000"),
            ("MlOps__Training__LogPollInterval", "00:00:00.1"));
        var elapsed = started.Elapsed;

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Equal(["build", "package", "register", "release", "report", "train", "validate"], gitlab.JobsThatRan());
        Assert.Contains("MlOps.Sdk train — mode: aws (region us-east-1)", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("mode: local", result.Output, StringComparison.Ordinal);
        Assert.Contains($"image: {image}", result.Output, StringComparison.Ordinal);

        // Each job that calls AWS signed in through STS: gitlab-ci-local (and so each job) had no key, and the server
        // answered an AssumeRoleWithWebIdentity for each.
        string log;
        lock (_serverLog)
        {
            log = _serverLog.ToString();
        }

        // train, register, report and package call AWS (validate, build and release do not).
        Assert.True(Regex.Count(log, @"\bSTS -> 200\b") >= 4, log);
        Assert.DoesNotMatch(new Regex(@"\bSTS -> [45]\d\d\b"), log);

        var zip = Assert.Single(gitlab.Zips("candidate-PR-7-*.zip"));
        Assert.Matches(new Regex($@"^candidate-PR-7-{sha}-\d{{8}}T\d{{6}}Z\.zip$"), Path.GetFileName(zip));
        Assert.Equal(7, ReleaseZip.VerifiedManifest(zip).GetProperty("pullRequestId").GetInt32());
        Assert.Contains("model/model.tar.gz", ReleaseZip.Entries(zip));

        // The model package the register job created through the server is in its state (local mode's home).
        await using var state = new LocalState(_run.Home);
        Assert.Contains(await state.VersionsAsync("breast-cancer-training-models"), v => v.ApprovalStatus == ModelApprovalStatus.PendingManualApproval);
        Assert.True(elapsed < TimeSpan.FromMinutes(5), $"the pipeline took {elapsed}");
    }

    // Shaped like GitLab's id token for aud: sts.amazonaws.com (tests/MlOps.Sdk.Tests/Fixtures/WebIdentityProbe.cs);
    // the server, like STS, checks its audience and expiry.
    private static string GitLabIdToken(long now)
    {
        static string Part(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return Part("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"gitlab\"}") + "."
            + Part($"{{\"iss\":\"https://gitlab.example.com\",\"sub\":\"project_path:ml/{Project}:ref_type:branch:ref:feat/x\",\"aud\":\"sts.amazonaws.com\",\"iat\":{now},\"nbf\":{now},\"exp\":{now + 3600}}}")
            + "." + Part("not-a-signature");
    }

    // mlops-local from this commit's sources (the test project does not reference the server: ASP.NET Core).
    private async Task<string> PublishServerAsync()
    {
        var folder = Path.Combine(_run.Folder, "mlops-local");
        await MustAsync("dotnet", ["publish", Path.Combine(RepositoryPaths.Root, "src", "MlOps.Sdk.LocalWire"), "-c", "Release", "-o", folder, "--nologo", "-v", "quiet"], RepositoryPaths.Root);
        return Path.Combine(folder, "MlOps.Sdk.LocalWire.dll");
    }

    private async Task<string> StartServerAsync(string wire)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { wire, "serve", "--home", _run.Home, "--region", "us-east-1" })
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
